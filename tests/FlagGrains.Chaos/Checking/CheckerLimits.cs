namespace FlagGrains.Chaos.Checking;

/// <summary>The time bounds docs/consistency.md states, which the checker holds the history to.</summary>
public sealed record CheckerLimits
{
    /// <summary>
    /// <c>RefetchWaitLimit</c>: a silo behind the version a re-fetch hint or an <c>If-None-Match</c> names waits this
    /// long before it answers with what it has ("What a device observes").
    /// </summary>
    public TimeSpan RefetchWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>From the end of the last fault until every silo serves every write acknowledged before it (issue 18).</summary>
    public TimeSpan ConvergenceAfterFaults { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How far a silo of a healthy cluster may lag an acknowledged write: one version check (2 s) plus one snapshot
    /// pull, allowed 1 s ("Read path under partition", the lost-bump row).
    /// </summary>
    public TimeSpan Staleness { get; init; } = TimeSpan.FromSeconds(3);
}
