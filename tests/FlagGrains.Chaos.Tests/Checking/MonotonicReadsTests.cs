using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.Tests.TestSupport;

namespace FlagGrains.Chaos.Tests.Checking;

public sealed class MonotonicReadsTests
{
    private static readonly (string, string)[] V1 = HistoryBuilder.V1;
    private static readonly (string, string)[] V2 = HistoryBuilder.V2;

    [Fact]
    public void A_silo_answering_an_older_version_after_a_newer_one_went_back()
    {
        var history = HistoryBuilder.Healthy();
        var older = history.Bulk(600, 610, 200, 1, V1);

        var violation = Assert.Single(history.Violations(Rules.MonotonicRead));
        Assert.Equal(older.Id, violation.RecordId);
    }

    [Fact]
    public void Overlapping_answers_of_one_silo_and_answers_of_different_silos_may_differ()
    {
        var history = HistoryBuilder.Healthy();
        history.Bulk(505, 600, 200, 1, V1);
        history.Bulk(600, 610, 200, 1, V1, silo: HistoryBuilder.Silo2);

        Assert.Empty(history.Violations(Rules.MonotonicRead));
    }

    [Fact]
    public void A_restarted_silo_starts_afresh()
    {
        var history = HistoryBuilder.Healthy().Silo("silo1#2", ready: 550);
        history.Bulk(600, 610, 200, 1, V1, silo: "silo1#2");

        Assert.Empty(history.Violations(Rules.MonotonicRead));
    }

    [Fact]
    public void An_event_bounds_what_its_silo_serves_afterwards()
    {
        var history = new HistoryBuilder().Silo(HistoryBuilder.Silo1, ready: 0).Stored(1, V1).Stored(2, ("f0", "b"));
        history.Event(stream: 99, at: 100, version: 2);
        var older = history.Bulk(200, 210, 200, 1, V1);

        Assert.Equal(older.Id, Assert.Single(history.Violations(Rules.MonotonicRead)).RecordId);
    }

    [Fact]
    public void A_stream_announces_only_increasing_versions()
    {
        var history = new HistoryBuilder().Silo(HistoryBuilder.Silo1, ready: 0);
        history.Event(stream: 7, at: 100, version: 3);
        var back = history.Event(stream: 7, at: 200, version: 2);
        var same = history.Event(stream: 7, at: 300, version: 2);
        history.Event(stream: 8, at: 400, version: 1);

        Assert.Equal([back.Id, same.Id], history.Violations(Rules.MonotonicRead).Select(v => v.RecordId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_answer_older_than_its_hint_or_If_None_Match_must_have_waited_the_re_fetch_wait(bool hint)
    {
        var history = new HistoryBuilder().Silo(HistoryBuilder.Silo1, ready: 0).Stored(1, V1).Stored(2, ("f0", "b"));
        var quick = history.Bulk(100, 400, 200, 1, V1, hint: hint ? 2 : null, guard: hint ? null : 2);
        history.Bulk(1000, 4100, 200, 1, V1, hint: hint ? 2 : null, guard: hint ? null : 2, silo: "silo2#1");

        Assert.Equal(quick.Id, Assert.Single(history.Violations(Rules.MonotonicRead)).RecordId);
    }

    [Fact]
    public void A_device_moving_back_without_a_waited_guarded_answer_is_reported()
    {
        var history = new HistoryBuilder().Stored(1, V1).Stored(2, ("f0", "b"));
        history.Bulk(0, 10, 200, 2, V2, actor: "sdk-1");
        history.State("sdk-1", 20, null, V2);
        history.Bulk(100, 110, 200, 1, V1, actor: "sdk-1", silo: "silo2#1");
        var back = history.State("sdk-1", 120, null, V1);

        var violation = Assert.Single(history.Violations(Rules.MonotonicRead), v => v.RecordId == back.Id);
        Assert.Contains("sdk-1 went back to version 1", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_may_move_back_after_a_hinted_retry_that_waited()
    {
        // The SDK's last resort: the silo really is behind (cut off), and the hinted retry waited the full 3 s.
        var history = new HistoryBuilder().Stored(1, V1).Stored(2, ("f0", "b"));
        history.Bulk(0, 10, 200, 2, V2, actor: "sdk-1");
        history.State("sdk-1", 20, null, V2);
        history.Bulk(100, 3200, 200, 1, V1, hint: 2, actor: "sdk-1", silo: "silo2#1");
        history.State("sdk-1", 3210, null, V1);

        Assert.Empty(history.Violations(Rules.MonotonicRead));
    }

    [Fact]
    public void A_poller_states_its_versions_directly()
    {
        var history = new HistoryBuilder();
        history.State("poller-1", 10, 5);
        var back = history.State("poller-1", 20, 4);

        Assert.Equal(back.Id, Assert.Single(history.Violations(Rules.MonotonicRead)).RecordId);
    }
}
