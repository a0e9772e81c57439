using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.History;
using FlagGrains.Chaos.Tests.TestSupport;

namespace FlagGrains.Chaos.Tests.Checking;

/// <summary>In <see cref="HistoryBuilder.Healthy"/> the faults end at 10 s and version 2 was acknowledged at 0.4 s.</summary>
public sealed class StaleAfterFaultsTests
{
    [Fact]
    public void More_than_5_s_after_the_faults_every_write_acknowledged_before_them_is_served()
    {
        var history = HistoryBuilder.Healthy();
        var stale = history.Bulk(15_100, 15_110, 200, 1, HistoryBuilder.V1, silo: HistoryBuilder.Silo2);

        var violation = Assert.Single(history.Violations(Rules.StaleAfterFaults));
        Assert.Equal(stale.Id, violation.RecordId);
    }

    [Fact]
    public void Within_5_s_of_the_end_a_silo_may_still_catch_up()
    {
        var history = HistoryBuilder.Healthy();
        history.Bulk(14_900, 14_910, 200, 1, HistoryBuilder.V1, silo: HistoryBuilder.Silo2);

        Assert.Empty(history.Violations(Rules.StaleAfterFaults));
    }

    [Fact]
    public void Later_writes_are_owed_after_the_staleness_bound()
    {
        var history = HistoryBuilder.Healthy().Stored(3, ("f1", "c")).Without(r => r.Actor == LostWrites.FinalActor);
        history.Write(OpKinds.PutFlag, 15_000, 16_000, 200, 3, [("f1", "c")]);
        history.Bulk(17_000, 17_010, 200, 2, HistoryBuilder.V2, silo: HistoryBuilder.Silo2);
        var late = history.Bulk(19_100, 19_110, 200, 2, HistoryBuilder.V2, silo: HistoryBuilder.Silo2);

        var violation = Assert.Single(history.Violations(Rules.StaleAfterFaults));
        Assert.Equal(late.Id, violation.RecordId);
    }

    [Fact]
    public void Without_a_recorded_end_of_the_faults_nothing_is_owed()
    {
        var history = HistoryBuilder.Healthy().Without(r => r.Kind == Phases.FaultsEnded);
        history.Bulk(15_100, 15_110, 200, 1, HistoryBuilder.V1, silo: HistoryBuilder.Silo2);

        Assert.Empty(history.Violations(Rules.StaleAfterFaults));
    }
}
