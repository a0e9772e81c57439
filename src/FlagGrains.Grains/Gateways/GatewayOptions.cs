namespace FlagGrains.Grains.Gateways;

/// <summary>Bound from <c>FlagGrains:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string Section = "FlagGrains:Gateway";

    /// <summary>
    /// How often a gateway asks its environment for the current version. Repairs a lost bump; the promise is
    /// that no gateway serves a superseded version for longer than this after the write.
    /// </summary>
    public TimeSpan VersionCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often each silo's stream agents poll the version-bump queues, whether or not anything was written. Gateways
    /// hear of a write through the relay first, so this sets how soon Orleans clients (internal services) hear of it.
    /// Measured on one idle silo: 10 ms cost 14 % of a core and 100 ms 8.5 %; under load 10 ms cost 1–1.5 µs of CPU
    /// per evaluation.
    /// </summary>
    public TimeSpan StreamPollPeriod { get; set; } = TimeSpan.FromMilliseconds(100);
}
