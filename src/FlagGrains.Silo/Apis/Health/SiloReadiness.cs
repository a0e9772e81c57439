using Orleans.Runtime;

namespace FlagGrains.Silo.Apis.Health;

/// <summary>
/// Ready means: the host has started and is not stopping, this silo is Active in the cluster membership, and every
/// environment the catalog listed at start has a compiled snapshot on this silo (see <see cref="GatewayWarmup"/>).
/// Environments created later do not make a ready silo unready: their first request activates the gateway.
/// </summary>
public sealed class SiloReadiness(
    IHostApplicationLifetime lifetime,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    GatewayWarmup warmup)
{
    /// <summary>Why the silo is not ready; empty when it is.</summary>
    public IReadOnlyList<string> Problems()
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested) return ["The host is starting."];
        if (lifetime.ApplicationStopping.IsCancellationRequested) return ["The host is stopping."];

        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        if (status != SiloStatus.Active) return [$"The silo is {status}, not Active, in the cluster membership."];

        if (warmup.Expected is not { } expected) return ["The gateways have not read the catalog yet."];
        var missing = warmup.Missing(expected);
        return missing.Count == 0
            ? []
            : [$"No snapshot yet for {missing.Count} environment(s): {string.Join(", ", missing.Take(10))}."];
    }
}
