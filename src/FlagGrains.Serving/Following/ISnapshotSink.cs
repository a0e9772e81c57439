using FlagGrains.Serving.Snapshots;

namespace FlagGrains.Serving.Following;

/// <summary>Where a <see cref="SnapshotFollower"/> publishes: a silo's registry entry, or an Orleans client's evaluator.</summary>
public interface ISnapshotSink
{
    /// <summary>Version of the snapshot held; -1 when none.</summary>
    long HeldVersion { get; }

    /// <summary>Takes a newer snapshot; false when the sink no longer wants this environment.</summary>
    bool Publish(ServingSnapshot snapshot);
}
