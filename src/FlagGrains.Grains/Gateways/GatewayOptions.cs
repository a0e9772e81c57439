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
}
