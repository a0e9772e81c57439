using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.History;
using FlagGrains.Chaos.Tests.TestSupport;

namespace FlagGrains.Chaos.Tests.Checking;

public sealed class LostWritesTests
{
    [Fact]
    public void An_acknowledged_write_whose_version_stored_other_values_is_lost()
    {
        var history = HistoryBuilder.Healthy();
        var write = history.Write(OpKinds.PutFlag, 600, 700, 200, 3, [("f1", "c")]);
        history.Stored(3, ("f1", "someone-else"));

        Assert.Contains(history.Violations(Rules.LostWrite),
            v => v.RecordId == write.Id && v.Message.Contains("version 3 stored f1=someone-else instead of c", StringComparison.Ordinal));
    }

    [Fact]
    public void An_acknowledged_version_beyond_the_stored_history_is_lost()
    {
        var history = HistoryBuilder.Healthy();
        var write = history.Write(OpKinds.PutFlag, 600, 700, 200, 3, [("f1", "c")]);

        Assert.Contains(history.Violations(Rules.LostWrite), v => v.RecordId == write.Id && v.Message.Contains("ends at version 2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_silo_whose_final_answer_is_older_than_an_acknowledged_write_did_not_serve_it()
    {
        var history = HistoryBuilder.Healthy().Without(r => r.Actor == LostWrites.FinalActor && r.Silo == HistoryBuilder.Silo2);
        history.Bulk(20_000, 20_010, 200, 1, HistoryBuilder.V1, silo: HistoryBuilder.Silo2, actor: LostWrites.FinalActor);

        var violation = Assert.Single(history.Violations(Rules.LostWrite));
        Assert.Equal(history.Build().Single(r => r.Kind == OpKinds.PutFlag).Id, violation.RecordId);
        Assert.Contains(HistoryBuilder.Silo2, violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_final_reads_no_acknowledged_write_is_shown_served()
    {
        var history = HistoryBuilder.Healthy().Without(r => r.Actor == LostWrites.FinalActor);

        Assert.Contains(history.Violations(Rules.LostWrite), v => v.Message.Contains("final reads", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unanswered_or_503_write_may_be_stored_or_not()
    {
        // "503 means not known to be stored": one of these was stored (version 3), the other was not.
        var history = HistoryBuilder.Healthy().Without(r => r.Actor == LostWrites.FinalActor);
        history.Write(OpKinds.PutFlag, 600, 700, 503, null, [("f1", "c")], retryAfter: true);
        history.Write(OpKinds.PutFlag, 800, 900, 0, null, [("f1", "d")]);
        history.Stored(3, ("f1", "c"));
        history.Bulk(20_000, 20_010, 200, 3, [("f0", "b"), ("f1", "c")], actor: LostWrites.FinalActor);

        Assert.Empty(history.Violations(Rules.LostWrite));
    }
}
