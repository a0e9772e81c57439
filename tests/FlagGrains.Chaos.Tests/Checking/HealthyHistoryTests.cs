using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.Tests.TestSupport;

namespace FlagGrains.Chaos.Tests.Checking;

public sealed class HealthyHistoryTests
{
    [Fact]
    public void A_history_that_keeps_every_promise_has_no_violation()
    {
        Assert.Empty(Checker.Check(HistoryBuilder.Healthy().Build()));
    }

    [Fact]
    public void Every_rule_is_run()
    {
        // Each rule's own tests show it firing; this pins that the checker runs all of them.
        var broken = HistoryBuilder.Healthy().Without(r => r.Type == FlagGrains.Chaos.History.RecordTypes.Audit);
        broken.Write(FlagGrains.Chaos.History.OpKinds.PutSet, 600, 700, 500, null, HistoryBuilder.V1);

        var fired = Checker.Check(broken.Build()).Select(v => v.Rule).Distinct().ToList();

        Assert.Contains(Rules.StoredHistory, fired);
        Assert.Contains(Rules.BadAnswer, fired);
    }
}
