namespace FlagGrains.Serving;

/// <summary>Bound from <c>FlagGrains:Serving</c>: how much of the cluster one silo keeps ready to serve, and for how long.</summary>
public sealed class ServingOptions
{
    public const string Section = "FlagGrains:Serving";

    /// <summary>Environments one silo holds snapshots of; past it, the least recently read one is dropped.</summary>
    public int MaxEnvironments { get; set; } = 10_000;

    /// <summary>
    /// An environment nobody read (no evaluation, no open event stream) for this long loses its snapshot on this silo,
    /// and its gateway deactivates; the next request activates it again.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often a silo may re-read the catalog for an environment it does not know, and re-check an environment's
    /// version for a key its snapshot does not know. Requests in between wait for the next check.
    /// </summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long "this environment does not exist" is remembered without asking again.</summary>
    public TimeSpan MissingEnvironmentLifetime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Names remembered as missing at once; beyond, the oldest are forgotten (each costs a wait, not memory).</summary>
    public int MaxMissingEnvironments { get; set; } = 10_000;

    /// <summary>How long a request waits for a version this silo is about to serve (a fresh key, a re-fetch hint).</summary>
    public TimeSpan VersionWaitLimit { get; set; } = TimeSpan.FromSeconds(3);
}
