using System.Reflection;
using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Model;
using FlagGrains.Serving.Following;
using FlagGrains.Serving.Snapshots;
using TestSnapshots = FlagGrains.Serving.Tests.Snapshots.Snapshots;

namespace FlagGrains.Serving.Tests.Following;

/// <summary>A snapshot sent along with its bump is published as it is: no version check and no pull of the same bytes.</summary>
public sealed class CarriedSnapshotTests
{
    private const string Environment = "shop/prod";

    [Fact]
    public async Task A_newer_carried_snapshot_is_published_without_asking_the_cluster()
    {
        var sink = new Sink(held: 1);
        var follower = new SnapshotFollower(Environment, NoCluster(), sink, RuleLimits.Default, new SnapshotFollowerSettings("test", KeepKeys: true));

        var caught = await follower.CatchUpAsync(carried: Carried(version: 2));

        Assert.Equal(CatchUpOutcome.Advanced, caught.Outcome);
        Assert.Equal(2, sink.HeldVersion);
    }

    [Fact]
    public async Task A_carried_snapshot_not_newer_than_the_one_held_changes_nothing()
    {
        var sink = new Sink(held: 3);
        var follower = new SnapshotFollower(Environment, NoCluster(), sink, RuleLimits.Default, new SnapshotFollowerSettings("test", KeepKeys: true));

        var caught = await follower.CatchUpAsync(carried: Carried(version: 2));

        Assert.Equal(CatchUpOutcome.Current, caught.Outcome);
        Assert.Equal(3, sink.HeldVersion);
    }

    private static EnvironmentSnapshot Carried(long version) => new(Environment, version, TestSnapshots.Document, [], DateTimeOffset.UnixEpoch);

    /// <summary>A grain factory whose every use fails the test: the carried snapshot must be enough.</summary>
    private static IGrainFactory NoCluster() => DispatchProxy.Create<IGrainFactory, NoClusterProxy>();

    public class NoClusterProxy : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"The follower asked the cluster ({targetMethod?.Name}) although the snapshot was carried.");
    }

    private sealed class Sink(long held) : ISnapshotSink
    {
        public long HeldVersion { get; private set; } = held;

        public bool Publish(ServingSnapshot snapshot)
        {
            HeldVersion = snapshot.Version;
            return true;
        }
    }
}
