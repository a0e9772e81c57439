using FlagGrains.Contracts;
using FlagGrains.Contracts.Gateways;
using FlagGrains.Serving.Snapshots;
using Microsoft.Extensions.Options;

namespace FlagGrains.Serving.Resolving;

/// <summary>
/// Finds the snapshot a request needs. Hot path: the registry, nothing else. Cold path: an environment that exists
/// (see <see cref="EnvironmentDirectory"/>) is admitted and its gateway activated; one that does not costs no grain.
/// A key the snapshot does not know is checked against the environment's current version once before it is refused,
/// so a key is usable on every silo the moment its creation was acknowledged.
/// </summary>
public sealed class SnapshotResolver(
    SnapshotRegistry registry,
    EnvironmentDirectory directory,
    IGrainFactory grains,
    IOptions<ServingOptions> options,
    TimeProvider clock,
    ServingSilo silo)
{
    /// <summary>The published snapshot, if this silo holds one. Never blocks, never waits for a grain.</summary>
    public bool TryGetServing(string environmentKey, out ServingSnapshot snapshot) => TryGetServing(environmentKey.AsSpan(), out snapshot);

    /// <summary><see cref="TryGetServing(string, out ServingSnapshot)"/> for a key that is not a string yet.</summary>
    public bool TryGetServing(ReadOnlySpan<char> environmentKey, out ServingSnapshot snapshot)
    {
        if (!registry.TryGet(environmentKey, out snapshot, out var entry)) return false;

        // A gateway that went away (deactivated, crashed) is replaced in the background; its last snapshot keeps
        // serving meanwhile, because waiting here would tie evaluations to the cluster's health.
        if (!entry.IsActive) _ = ObserveAsync(entry.Activate(ActivateGatewayAsync));
        return true;
    }

    /// <summary>The environment's snapshot, activating this silo's gateway if needed; null when the environment does not exist.</summary>
    public async ValueTask<ServingSnapshot?> ResolveAsync(string environmentKey)
    {
        if (TryGetServing(environmentKey, out var snapshot)) return snapshot;
        if (!await directory.ExistsAsync(environmentKey)) return null;

        var entry = registry.Admit(environmentKey);
        await TransientRetry.RunAsync(() => entry.Activate(ActivateGatewayAsync), options.Value.VersionWaitLimit, clock);
        return entry.Snapshot;
    }

    /// <summary>
    /// For a key id <paramref name="held"/> does not know: makes this silo's gateway catch up with the environment's
    /// current version (one check per <see cref="ServingOptions.RecheckInterval"/> per environment, shared by every
    /// request waiting for it) and returns the snapshot it serves afterwards.
    /// </summary>
    public async ValueTask<ServingSnapshot> RecheckAsync(ServingSnapshot held)
    {
        if (!registry.TryGetEntry(held.EnvironmentKey, out var entry)) return held;
        var limit = options.Value.VersionWaitLimit;
        await TransientRetry.RunAsync(() => VersionCheckOf(entry).RunAsync().WaitAsync(limit, clock), limit, clock);
        return entry.Snapshot ?? held;
    }

    /// <summary>
    /// A request proved this silo behind (a device holds a version it lacks): starts the same coalesced catch-up as
    /// <see cref="RecheckAsync"/> without waiting for it. Normally the stream bump is already on its way; this bounds
    /// the device's wait by one recheck interval and a pull when the bump was lost, instead of the periodic version check.
    /// </summary>
    public void RequestCatchUp(string environmentKey)
    {
        if (registry.TryGetEntry(environmentKey, out var entry)) _ = ObserveAsync(VersionCheckOf(entry).RunAsync());
    }

    private CoalescedCheck VersionCheckOf(SnapshotEntry entry) =>
        entry.VersionCheck(() => new CoalescedCheck(_ => CatchUpGatewayAsync(entry.EnvironmentKey), options.Value.RecheckInterval, clock));

    private Task ActivateGatewayAsync(string environmentKey) =>
        grains.GetGrain<IGatewayGrain>(GrainKeys.Gateway(silo.Identity, environmentKey)).EnsureReadyAsync();

    private Task CatchUpGatewayAsync(string environmentKey) =>
        grains.GetGrain<IGatewayGrain>(GrainKeys.Gateway(silo.Identity, environmentKey)).CatchUpAsync();

    private static async Task ObserveAsync(Task activation)
    {
        try
        {
            await activation;
        }
        catch
        {
            // Retried by the next request; the snapshot held keeps serving.
        }
    }
}
