using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.History;
using FlagGrains.Chaos.Tests.TestSupport;

namespace FlagGrains.Chaos.Tests.Checking;

public sealed class BadAnswersTests
{
    private const string Leaving = "silo3#1";

    [Theory]
    [InlineData(OpKinds.Bulk, 500)]
    [InlineData(OpKinds.Bulk, 503)]
    [InlineData(OpKinds.Flag, 0)]
    [InlineData(OpKinds.Stream, 503)]
    [InlineData(OpKinds.Bulk, 401)]
    [InlineData(OpKinds.Flag, 304)]
    public void An_evaluation_a_live_silo_answered_with_anything_but_200_or_304_is_reported(string kind, int status)
    {
        var history = HistoryBuilder.Healthy();
        var op = history.Op(kind, 600, 610, status);

        Assert.Equal(op.Id, Assert.Single(history.Violations(Rules.BadAnswer)).RecordId);
    }

    [Theory]
    [InlineData(OpKinds.Bulk, 304)]
    [InlineData(OpKinds.Flag, 200)]
    [InlineData(OpKinds.Stream, 200)]
    [InlineData(OpKinds.Bulk, 429)]
    public void Evaluations_answered_as_documented_are_fine(string kind, int status)
    {
        var history = HistoryBuilder.Healthy();
        history.Op(kind, 600, 610, status);

        Assert.Empty(history.Violations(Rules.BadAnswer));
    }

    [Fact]
    public void A_silo_being_killed_or_stopped_is_not_judged()
    {
        var history = HistoryBuilder.Healthy().Silo(Leaving, ready: 0, leaving: 605);
        history.Op(OpKinds.Bulk, 600, 610, 0, silo: Leaving);
        history.Op(OpKinds.Bulk, 700, 710, 503, silo: Leaving);
        history.Op(OpKinds.PutFlag, 600, 650, 500, silo: Leaving);

        Assert.Empty(history.Violations(Rules.BadAnswer));
    }

    [Theory]
    [InlineData(503, true, null, false)]
    [InlineData(0, null, null, false)]
    [InlineData(412, null, "\"v1\"", false)]
    [InlineData(503, false, null, true)]
    [InlineData(500, null, null, true)]
    [InlineData(412, null, null, true)]
    [InlineData(400, null, null, true)]
    public void Writes_answer_2xx_412_or_503_with_Retry_After(int status, bool? retryAfter, string? ifMatch, bool reported)
    {
        var history = HistoryBuilder.Healthy();
        var write = history.Op(OpKinds.PutSet, 600, 650, status, ifMatch: ifMatch, retryAfter: retryAfter);

        Assert.Equal(reported ? [write.Id] : [], history.Violations(Rules.BadAnswer).Select(v => v.RecordId));
    }
}
