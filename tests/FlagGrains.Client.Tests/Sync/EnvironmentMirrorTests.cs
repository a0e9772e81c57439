using FlagGrains.Client.Evaluation;
using FlagGrains.Client.Tests.TestSupport;

namespace FlagGrains.Client.Tests.Sync;

public sealed class EnvironmentMirrorTests
{
    [Fact]
    public void First_snapshot_reports_every_flag_as_changed_and_completes_readiness()
    {
        var (mirror, evaluator) = Mirrors.Create();
        var changes = Record(evaluator);

        mirror.Apply(Mirrors.Snapshot(1, Flags.Checkout(on: false)), confirmed: true);

        var change = Assert.Single(changes);
        Assert.Null(change.PreviousVersion);
        Assert.Equal(1, change.Version);
        Assert.Equal(["new-checkout", "banner-color"], change.ChangedFlagKeys);
        Assert.True(evaluator.WaitForReadyAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public void A_new_version_reports_only_the_flags_whose_definition_changed()
    {
        var (mirror, evaluator) = Mirrors.Create();
        mirror.Apply(Mirrors.Snapshot(1, Flags.Checkout(on: false)), confirmed: true);
        var changes = Record(evaluator);

        mirror.Apply(Mirrors.Snapshot(2, Flags.Checkout(on: true)), confirmed: true);

        var change = Assert.Single(changes);
        Assert.Equal((1L, 2L), (change.PreviousVersion!.Value, change.Version));
        Assert.Equal(["new-checkout"], change.ChangedFlagKeys);
        Assert.True(evaluator.GetBoolean("new-checkout", false));
    }

    [Fact]
    public void A_change_of_set_metadata_reports_every_flag()
    {
        var (mirror, evaluator) = Mirrors.Create();
        mirror.Apply(Mirrors.Snapshot(1, Flags.Checkout(on: false)), confirmed: true);
        var changes = Record(evaluator);

        mirror.Apply(Mirrors.Snapshot(2, Flags.Checkout(on: false).Replace("\"flags\"", "\"metadata\": { \"v\": 2 }, \"flags\"", StringComparison.Ordinal)), confirmed: true);

        Assert.Equal(["new-checkout", "banner-color"], Assert.Single(changes).ChangedFlagKeys);
    }

    [Fact]
    public void The_version_already_held_is_not_applied_again()
    {
        var (mirror, evaluator) = Mirrors.Create();
        mirror.Apply(Mirrors.Snapshot(1, Flags.Checkout(on: false)), confirmed: false);
        var changes = Record(evaluator);

        var applied = mirror.Apply(Mirrors.Snapshot(1, Flags.Checkout(on: false)), confirmed: true);

        Assert.False(applied);
        Assert.Empty(changes);
        Assert.Equal(FlagEvaluatorStatus.Ready, evaluator.Status);
    }

    [Fact]
    public void An_older_version_is_never_applied()
    {
        var (mirror, evaluator) = Mirrors.Create();
        mirror.Apply(Mirrors.Snapshot(5, Flags.Checkout(on: true)), confirmed: true);
        var changes = Record(evaluator);

        var applied = mirror.Apply(Mirrors.Snapshot(0, null), confirmed: true);

        Assert.False(applied);
        Assert.Empty(changes);
        Assert.Equal(5, evaluator.Version);
        Assert.True(evaluator.GetBoolean("new-checkout", false));
    }

    [Fact]
    public void Status_changes_are_announced_once_each()
    {
        var (mirror, evaluator) = Mirrors.Create();
        var statuses = new List<FlagEvaluatorStatus>();
        evaluator.StatusChanged += (_, status) => statuses.Add(status);

        mirror.Apply(Mirrors.Snapshot(1, Flags.Checkout(on: false)), confirmed: false);
        mirror.MarkConfirmed();
        mirror.MarkConfirmed();
        mirror.MarkUnconfirmed();
        mirror.MarkUnconfirmed();
        mirror.MarkConfirmed();

        Assert.Equal([FlagEvaluatorStatus.Stale, FlagEvaluatorStatus.Ready, FlagEvaluatorStatus.Stale, FlagEvaluatorStatus.Ready], statuses);
    }

    [Fact]
    public void A_throwing_handler_does_not_stop_the_update_or_other_handlers()
    {
        var (mirror, evaluator) = Mirrors.Create();
        evaluator.Changed += (_, _) => throw new InvalidOperationException("subscriber bug");
        var changes = Record(evaluator);

        mirror.Apply(Mirrors.Snapshot(1, Flags.Checkout(on: true)), confirmed: true);

        Assert.Single(changes);
        Assert.True(evaluator.GetBoolean("new-checkout", false));
    }

    private static List<FlagsChangedEventArgs> Record(IFlagEvaluator evaluator)
    {
        var changes = new List<FlagsChangedEventArgs>();
        evaluator.Changed += (sender, change) =>
        {
            Assert.Same(evaluator, sender);
            changes.Add(change);
        };
        return changes;
    }
}
