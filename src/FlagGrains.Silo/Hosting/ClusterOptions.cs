namespace FlagGrains.Silo.Hosting;

/// <summary>Bound from <c>FlagGrains:Cluster</c>: how this silo finds the others.</summary>
public sealed class SiloClusterOptions
{
    public const string Section = "FlagGrains:Cluster";

    /// <summary><c>Localhost</c>: one silo, no membership table.</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.Localhost;

    public string ServiceId { get; set; } = "flaggrains";

    public string ClusterId { get; set; } = "flaggrains-local";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (internal services) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;
}

public enum ClusterMode
{
    Localhost,
}
