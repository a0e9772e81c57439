using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.History;
using FlagGrains.Chaos.Tests.TestSupport;

namespace FlagGrains.Chaos.Tests.Checking;

public sealed class StoredHistoryRuleTests
{
    [Fact]
    public void A_gap_in_the_stored_versions_is_reported_once_per_range()
    {
        var history = HistoryBuilder.Healthy().Stored(5, ("f1", "e")).Stored(6, ("f1", "f")).Stored(8, ("f1", "g"));

        Assert.Equal(["versions 3–4 are missing from the stored history (newest 8)", "version 7 is missing from the stored history (newest 8)"],
            history.Violations(Rules.StoredHistory).Select(v => v.Message));
    }

    [Fact]
    public void A_version_stored_twice_is_reported()
    {
        var history = HistoryBuilder.Healthy().Stored(2, ("f1", "other"));

        Assert.Single(history.Violations(Rules.StoredHistory));
    }

    [Fact]
    public void Acknowledged_writes_without_a_readable_stored_history_are_reported()
    {
        var history = HistoryBuilder.Healthy().Without(r => r.Type == RecordTypes.Audit);

        Assert.Contains("could not be read back", Assert.Single(history.Violations(Rules.StoredHistory)).Message, StringComparison.Ordinal);
    }
}
