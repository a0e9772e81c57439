using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;

namespace FlagGrains.Grains.Audit;

/// <summary>
/// Append-only audit log of one scope. Entries live in segments of <see cref="SegmentSize"/>, so appending writes one
/// small segment row and this head, never the whole history.
/// </summary>
public sealed class AuditLogGrain(
    [PersistentState("audit-log", ProviderNames.GrainStorage)] IPersistentState<AuditLogState> state) : Grain, IAuditLogGrain
{
    public const int SegmentSize = 100;
    private const int RecentIdsKept = 512;

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries)
    {
        var fresh = entries.Where(e => !state.State.RecentIds.Contains(e.EntryId)).ToList();
        if (fresh.Count == 0) return;

        var index = state.State.Count;
        foreach (var group in fresh.Select((entry, i) => (entry, position: index + i)).GroupBy(x => x.position / SegmentSize))
        {
            await Segment(group.Key).AppendAsync(group.Select(x => x.entry).ToList());
        }

        state.State.Count += fresh.Count;
        state.State.RecentIds.AddRange(fresh.Select(e => e.EntryId));
        if (state.State.RecentIds.Count > RecentIdsKept) state.State.RecentIds.RemoveRange(0, state.State.RecentIds.Count - RecentIdsKept);
        await state.WriteStateAsync();
    }

    public async Task<AuditPage> ReadAsync(long? cursor, int limit, string? item)
    {
        limit = Math.Clamp(limit, 1, 500);
        var position = Math.Min(cursor ?? long.MaxValue, state.State.Count - 1);
        var page = new List<AuditEntry>(limit);
        while (position >= 0 && page.Count < limit)
        {
            var segmentNumber = position / SegmentSize;
            var segment = await Segment(segmentNumber).ReadAsync();
            for (var offset = (int)(position - segmentNumber * SegmentSize); offset >= 0 && page.Count < limit; offset--, position--)
            {
                if (offset >= segment.Count) continue;
                var entry = segment[offset];
                if (item is null || entry.Changes.Any(c => c.Item == item)) page.Add(entry);
            }
        }

        return new AuditPage(page, position >= 0 ? position : null);
    }

    private IAuditSegmentGrain Segment(long number) =>
        GrainFactory.GetGrain<IAuditSegmentGrain>(GrainKeys.AuditSegment(this.GetPrimaryKeyString(), number));
}
