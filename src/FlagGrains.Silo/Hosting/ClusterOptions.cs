using FlagGrains.Clustering.AzureStorage;

namespace FlagGrains.Silo.Hosting;

/// <summary>Bound from <c>FlagGrains:Cluster</c>: how this silo finds the others.</summary>
public sealed class SiloClusterOptions
{
    public const string Section = "FlagGrains:Cluster";

    /// <summary>
    /// <c>Localhost</c>: one silo, no membership table. <c>AdoNet</c>: membership in the storage database.
    /// <c>AzureStorage</c>: membership in an Azure table (<see cref="AzureStorage"/>), grain state still in storage.
    /// </summary>
    public ClusterMode Mode { get; set; } = ClusterMode.Localhost;

    public string ServiceId { get; set; } = "flaggrains";

    public string ClusterId { get; set; } = "flaggrains-local";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (internal services) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>IP or host name other silos reach this one at (AdoNet mode); defaults to loopback for one-machine clusters.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Membership probe timeout. With 3 missed probes and 2 voters a dead silo is evicted in about three times this.
    /// Orleans' default (5 s) took ~10 s here; 2 s gives ~2.5-6 s.
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a silo refreshes its IAmAlive row. A silo starting after every other silo died waits for stale
    /// "Active" rows to age past twice this; the Orleans default (30 s) made that wait ~90 s.
    /// </summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The membership table in AzureStorage mode (<c>FlagGrains:Cluster:AzureStorage</c>).</summary>
    public AzureStorageMembershipOptions AzureStorage { get; set; } = new();
}

public enum ClusterMode
{
    Localhost,
    AdoNet,
    AzureStorage,
}
