using FlagGrains.Serving.Snapshots;

namespace FlagGrains.Serving.Following;

/// <summary>What one <see cref="SnapshotFollower.CatchUpAsync"/> found.</summary>
public enum CatchUpOutcome
{
    /// <summary>The environment is at the version held: nothing pulled.</summary>
    Current,

    /// <summary>A newer snapshot was pulled, compiled and published.</summary>
    Advanced,

    /// <summary>The environment reports an older version than the one held (e.g. storage restored); kept the held one.</summary>
    Older,

    /// <summary>A newer snapshot was pulled but the sink no longer wants the environment.</summary>
    Unwanted,
}

/// <summary>The outcome, the version the environment reported, and the snapshot published (when advanced).</summary>
public readonly record struct CatchUp(CatchUpOutcome Outcome, long ReportedVersion, long PreviousVersion, ServingSnapshot? Published);
