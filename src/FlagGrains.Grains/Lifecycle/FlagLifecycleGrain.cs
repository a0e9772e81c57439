using System.Text.Json;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Lifecycle;
using FlagGrains.Grains.Audit;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Grains.Lifecycle;

/// <summary>
/// Owners, tags, descriptions and expiry of one environment's flags, audited in the environment's history under the
/// item <c>lifecycle/{flag}</c>. Nothing here reaches a snapshot, so no device can ever receive it.
/// </summary>
public sealed class FlagLifecycleGrain(
    [PersistentState("flag-lifecycle", ProviderNames.GrainStorage)] IPersistentState<FlagLifecycleState> state,
    TimeProvider clock,
    ILogger<FlagLifecycleGrain> logger) : Grain, IFlagLifecycleGrain
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Key => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => ForwardAuditAsync();

    public async Task<StoredFlagLifecycle> SetAsync(string flagKey, FlagLifecycle lifecycle, ChangeContext change)
    {
        var now = clock.GetUtcNow();
        var stored = new StoredFlagLifecycle(flagKey, lifecycle with { Tags = lifecycle.Tags.ToList() }, now, change.ActorName);
        var index = state.State.Flags.FindIndex(f => f.FlagKey == flagKey);
        var before = index < 0 ? null : state.State.Flags[index];
        var number = state.State.Changes + 1;
        var entry = StoredAudit.Normalize(new AuditEntry($"{Key}:lifecycle:{number}", Key, "flag.lifecycle", now, change, null,
            [new AuditChange($"lifecycle/{flagKey}", before is null ? null : AuditJson(before.Lifecycle), AuditJson(stored.Lifecycle))]));

        if (index < 0) state.State.Flags.Add(stored);
        else state.State.Flags[index] = stored;
        state.State.Changes = number;
        state.State.PendingAudit.Add(entry);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (index < 0) state.State.Flags.RemoveAt(state.State.Flags.Count - 1);
            else state.State.Flags[index] = before!;
            state.State.Changes = number - 1;
            state.State.PendingAudit.Remove(entry);
            throw;
        }

        await ForwardAuditAsync();
        return stored;
    }

    public Task<StoredFlagLifecycle?> GetAsync(string flagKey) => Task.FromResult(state.State.Flags.Find(f => f.FlagKey == flagKey));

    public Task<IReadOnlyList<StoredFlagLifecycle>> ListAsync() => Task.FromResult<IReadOnlyList<StoredFlagLifecycle>>([.. state.State.Flags]);

    private Task ForwardAuditAsync() => AuditOutbox.ForwardAsync(GrainFactory, Key, state.State.PendingAudit, logger);

    private static string AuditJson(FlagLifecycle lifecycle) => JsonSerializer.Serialize(new
    {
        owner = lifecycle.Owner,
        tags = lifecycle.Tags,
        description = lifecycle.Description,
        temporary = lifecycle.Temporary,
        expiresAt = lifecycle.ExpiresAt,
    }, Json);
}
