using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.History;
using FlagGrains.Chaos.Tests.TestSupport;

namespace FlagGrains.Chaos.Tests.Checking;

public sealed class ServedValuesTests
{
    [Fact]
    public void An_answer_must_serve_the_stored_values_of_its_version()
    {
        var history = HistoryBuilder.Healthy();
        var wrong = history.Bulk(600, 610, 200, 2, HistoryBuilder.V1, silo: HistoryBuilder.Silo2);

        var violation = Assert.Single(history.Violations(Rules.ServedValues));
        Assert.Equal(wrong.Id, violation.RecordId);
        Assert.Contains("version 2 stored f0=b, f1=a", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_reads_are_held_to_the_same_values()
    {
        var history = HistoryBuilder.Healthy();
        var read = history.Write(OpKinds.GetSet, 600, 610, 200, 1, HistoryBuilder.V2);

        Assert.Equal(read.Id, Assert.Single(history.Violations(Rules.ServedValues)).RecordId);
    }

    [Fact]
    public void Without_a_stored_history_answers_of_one_version_must_agree()
    {
        var history = new HistoryBuilder();
        history.Bulk(0, 10, 200, 7, [("f0", "x")]);
        history.Bulk(20, 30, 200, 7, [("f0", "x")], silo: HistoryBuilder.Silo2);
        var other = history.Bulk(40, 50, 200, 7, [("f0", "y")]);

        Assert.Equal(other.Id, Assert.Single(history.Violations(Rules.ServedValues)).RecordId);
    }
}
