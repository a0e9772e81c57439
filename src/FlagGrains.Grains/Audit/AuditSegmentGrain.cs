using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;

namespace FlagGrains.Grains.Audit;

/// <summary>A fixed-size slice of an audit log; only its log grain writes to it.</summary>
public sealed class AuditSegmentGrain(
    [PersistentState("audit-segment", ProviderNames.GrainStorage)] IPersistentState<AuditSegmentState> state) : Grain, IAuditSegmentGrain
{
    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries)
    {
        var known = state.State.Entries.Select(e => e.EntryId).ToHashSet(StringComparer.Ordinal);
        var fresh = StoredAudit.Normalize(entries.Where(e => known.Add(e.EntryId)));
        if (fresh.Count == 0) return;

        state.State.Entries.AddRange(fresh);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Entries.RemoveRange(state.State.Entries.Count - fresh.Count, fresh.Count);
            throw;
        }
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAsync() => Task.FromResult<IReadOnlyList<AuditEntry>>([.. state.State.Entries]);
}
