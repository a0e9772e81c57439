using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.History;
using FlagGrains.Chaos.Tests.TestSupport;

namespace FlagGrains.Chaos.Tests.Checking;

public sealed class ConditionalWritesTests
{
    [Fact]
    public void A_flag_set_write_naming_a_version_succeeds_only_as_the_next_version()
    {
        var history = HistoryBuilder.Healthy().Stored(3, ("f0", "c"), ("f1", "c")).Stored(4, ("f0", "d"), ("f1", "d"));
        history.Write(OpKinds.PutSet, 600, 700, 200, 3, [("f0", "c"), ("f1", "c")], ifMatch: "\"v2\"");
        var stale = history.Write(OpKinds.PutSet, 800, 900, 200, 4, [("f0", "d"), ("f1", "d")], ifMatch: "\"v2\"");

        var violation = Assert.Single(history.Violations(Rules.ConditionalWrite));
        Assert.Equal(stale.Id, violation.RecordId);
    }

    [Fact]
    public void A_flag_write_with_the_flags_ETag_succeeds_only_while_the_flag_holds_what_was_read()
    {
        var history = HistoryBuilder.Healthy().Stored(3, ("f1", "c")).Stored(4, ("f1", "d"));
        history.Write(OpKinds.PutFlag, 600, 700, 200, 3, [("f1", "c")], ifMatch: "\"etag-of-f1-a\"", readStamp: "a");
        var stale = history.Write(OpKinds.PutFlag, 800, 900, 200, 4, [("f1", "d")], ifMatch: "\"etag-of-f1-a\"", readStamp: "a");

        var violation = Assert.Single(history.Violations(Rules.ConditionalWrite));
        Assert.Equal(stale.Id, violation.RecordId);
        Assert.Contains("version 3 held f1=c", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_write_must_not_be_stored()
    {
        var history = HistoryBuilder.Healthy().Stored(3, ("f1", "c"));
        var refused = history.Write(OpKinds.PutFlag, 600, 700, 412, null, [("f1", "c")], ifMatch: "\"etag-of-f1-old\"", readStamp: "old");
        history.Write(OpKinds.PutFlag, 800, 900, 412, null, [("f1", "never-stored")], ifMatch: "\"etag-of-f1-old\"", readStamp: "old");

        Assert.Equal(refused.Id, Assert.Single(history.Violations(Rules.ConditionalWrite)).RecordId);
    }
}
