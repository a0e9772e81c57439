using FlagGrains.Contracts.Environments;
using Orleans.Concurrency;

namespace FlagGrains.Contracts.Gateways;

/// <summary>
/// The per-silo edge for one environment: keeps a compiled snapshot current and publishes it to its silo's
/// HTTP handlers, which read it without a grain call.
/// </summary>
[Alias("FlagGrains.IGatewayGrain")]
public interface IGatewayGrain : IGrainWithStringKey
{
    /// <summary>Activates the gateway (if needed) and returns the version it has published on its silo.</summary>
    [Alias("EnsureReady")]
    Task<long> EnsureReadyAsync();

    /// <summary>Checks the environment's version now and publishes it if newer; returns the version published.</summary>
    [Alias("CatchUp")]
    Task<long> CatchUpAsync();

    /// <summary>
    /// A version bump passed on by its silo's <see cref="IGatewayRelayGrain"/>: catches up if it is newer, from
    /// <paramref name="snapshot"/> when the writer sent it along (no pull), otherwise by pulling.
    /// </summary>
    [Alias("Notify"), OneWay]
    Task NotifyAsync(VersionBump bump, EnvironmentSnapshot? snapshot);
}
