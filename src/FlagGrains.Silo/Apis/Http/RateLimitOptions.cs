namespace FlagGrains.Silo.Apis.Http;

/// <summary>
/// Bound from <c>FlagGrains:RateLimits</c>. Requests per second, per fixed one-second window; 0 turns a limit off.
/// Client keys have no per-key limit: one client key is shared by every install of an app, so only the caller's
/// address can tell abusers apart.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "FlagGrains:RateLimits";

    /// <summary>Per client IP address, across all paths.</summary>
    public int PerAddressPerSecond { get; set; } = 2_000;

    /// <summary>Per server key.</summary>
    public int PerServerKeyPerSecond { get; set; } = 5_000;

    /// <summary>Per admin token.</summary>
    public int PerAdminTokenPerSecond { get; set; } = 50;
}
