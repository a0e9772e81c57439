using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.History;
using FlagGrains.Chaos.Tests.TestSupport;

namespace FlagGrains.Chaos.Tests.Checking;

public sealed class WriteOrderTests
{
    [Fact]
    public void Two_acknowledged_writes_with_one_version_are_reported()
    {
        var history = HistoryBuilder.Healthy();
        var second = history.Write(OpKinds.PutFlag, 350, 450, 200, 2, [("f1", "c")]);

        var violation = Assert.Single(history.Violations(Rules.WriteOrder));
        Assert.Equal(second.Id, violation.RecordId);
    }

    [Fact]
    public void A_write_started_after_another_was_acknowledged_must_get_a_higher_version()
    {
        var history = new HistoryBuilder().Stored(1, ("f0", "a")).Stored(2, ("f0", "b"));
        history.Write(OpKinds.PutFlag, 0, 100, 200, 2, [("f0", "b")]);
        var later = history.Write(OpKinds.PutFlag, 200, 300, 200, 1, [("f0", "a")]);

        var violation = Assert.Single(history.Violations(Rules.WriteOrder));
        Assert.Equal(later.Id, violation.RecordId);
    }

    [Fact]
    public void Overlapping_writes_may_be_ordered_either_way()
    {
        var history = new HistoryBuilder().Stored(1, ("f0", "a")).Stored(2, ("f0", "b"));
        history.Write(OpKinds.PutFlag, 0, 300, 200, 2, [("f0", "b")]);
        history.Write(OpKinds.PutFlag, 100, 200, 200, 1, [("f0", "a")]);

        Assert.Empty(history.Violations(Rules.WriteOrder));
    }
}
