using System.Net;
using FlagGrains.Mobile.Tests.TestSupport;
using FlagGrains.Testing;

namespace FlagGrains.Mobile.Tests;

/// <summary>
/// The event stream's life (reconnect with Last-Event-ID, read timeout, inactivity, falling back to polling and back)
/// against an in-memory OFREP server that can go silent, drop or refuse on cue, on a manual clock.
/// </summary>
public sealed class FlagGrainsClientStreamTests
{
    private const string Key = "fgc.shop.prod.key1.secret";
    private static readonly TimeSpan Signal = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    private const string NotOpened = "Event stream not opened";

    private readonly FakeOfrepServer _server = new();
    private readonly ManualClock _clock = new();
    private readonly RecordingLogger _log = new();

    [Fact]
    public async Task A_dropped_stream_reconnects_with_the_id_of_the_last_event_and_fetches_what_the_server_replays()
    {
        await using var client = Start();
        var first = await ConnectedAsync(client);
        first.Send("retry: 2000\n\n");
        first.Notify("evt-1", _server.Version);
        await _server.Log.WaitForAsync(e => e.IsBulk && e.FlagConfigEtag is not null, "the re-fetch of the notification");

        // An event of a type this client does not know still moves the id the server would replay from.
        first.Send("id: evt-2\nevent: message\ndata: {\"type\":\"fullConfig\"}\n\n");
        var changed = ClientFactory.ChangeToAsync(client, "banner-color", "blue");

        var dropped = _clock.GetUtcNow();
        first.End();
        await ClientFactory.WaitForStatusAsync(client, FlagStatus.Stale);
        await _clock.WaitUntilScheduledAsync(s => s.Contains(dropped + TimeSpan.FromSeconds(2)), "the reconnect after the server's retry hint");
        var version = _server.Publish("blue");
        _clock.Advance(TimeSpan.FromSeconds(2));
        var second = await _server.NextStreamAsync();
        second.Notify("evt-3", version);

        await changed;
        Assert.Equal([null, "evt-2"], _server.Streams.Select(e => e.LastEventId));
        await _server.Log.WaitForAsync(e => e.IsBulk && e.FlagConfigEtag == $"\"v{version}\"", "the re-fetch of the replayed notification");
        await ClientFactory.WaitForStatusAsync(client, FlagStatus.Ready);
    }

    [Fact]
    public async Task After_a_reconnect_the_client_refetches_at_once_even_if_the_server_replays_nothing()
    {
        await using var client = Start();
        var first = await ConnectedAsync(client);
        first.Notify("evt-1", _server.Version);
        await _server.Log.WaitForAsync(e => e.IsBulk && e.FlagConfigEtag is not null, "the re-fetch of the notification");
        var changed = ClientFactory.ChangeToAsync(client, "banner-color", "blue");

        first.End();
        var reconnectAt = _clock.GetUtcNow() + TimeSpan.FromSeconds(0.75);
        await _clock.WaitUntilScheduledAsync(s => s.Contains(reconnectAt), "the reconnect");
        _server.Publish("blue");
        var before = _server.Log.All.Count;
        _clock.Advance(TimeSpan.FromSeconds(0.75));
        await _server.NextStreamAsync();
        var refetch = await _server.Log.WaitForAsync(e => e.IsBulk, "the re-fetch after the reconnect", from: before);
        await changed;

        // A revalidation of the values held, not a notification's re-fetch: nothing was announced.
        Assert.Equal(("\"1-red\"", null, 200), (refetch.IfNoneMatch, refetch.FlagConfigEtag, refetch.Status));
        Assert.Equal([null, "evt-1"], _server.Streams.Select(e => e.LastEventId));
    }

    [Fact]
    public async Task The_first_connection_after_the_initial_fetch_costs_no_extra_fetch()
    {
        await using var client = Start();
        await ConnectedAsync(client);
        var connectedAt = _clock.GetUtcNow();

        await UntilOnlyTheReadTimeoutIsScheduledAsync(connectedAt);

        Assert.Single(_server.Bulk);
    }

    [Fact]
    public async Task A_stream_silent_for_the_read_timeout_is_closed_and_reopened_while_heartbeats_keep_it_open()
    {
        await using var client = Start(o => o.StreamReadTimeout = TimeSpan.FromSeconds(60));
        var first = await ConnectedAsync(client);
        first.Notify("evt-1", _server.Version);
        await _server.Log.WaitForAsync(e => e.IsBulk && e.FlagConfigEtag is not null, "the re-fetch of the notification");
        await UntilTheRefetchIsAnsweredAsync(TimeSpan.FromSeconds(60));

        _clock.Advance(TimeSpan.FromSeconds(59));
        first.Send(": heartbeat\n");
        var silentUntil = _clock.GetUtcNow() + TimeSpan.FromSeconds(60);
        await _clock.WaitUntilScheduledAsync(s => s.Contains(silentUntil), "the read timeout, re-armed by the heartbeat");
        _clock.Advance(TimeSpan.FromSeconds(59));
        var openAfterHeartbeat = !first.Closed.IsCompleted;
        _clock.Advance(TimeSpan.FromSeconds(1));
        await first.Closed.WaitAsync(Signal);

        // First drop: the 1 s backoff less the fixed 50 % jitter, there being no retry hint.
        var reconnectAt = _clock.GetUtcNow() + TimeSpan.FromSeconds(0.75);
        await _clock.WaitUntilScheduledAsync(s => s.Contains(reconnectAt), "the reconnect");
        _clock.Advance(TimeSpan.FromSeconds(0.75));
        await _server.NextStreamAsync();

        Assert.True(openAfterHeartbeat);
        Assert.Equal([null, "evt-1"], _server.Streams.Select(e => e.LastEventId));
    }

    [Theory]
    [InlineData(30, null, 30)]
    [InlineData(30, 10, 10)]
    [InlineData(null, null, 120)]
    public async Task In_the_background_the_stream_closes_after_the_inactivity_delay_and_resume_refetches_unconditionally_and_reconnects(
        int? advertisedSeconds, int? appSeconds, int expectedSeconds)
    {
        _server.Advertise(FakeOfrepServer.StreamUrl, advertisedSeconds);
        await using var client = Start(o => o.InactivityDelay = appSeconds is { } app ? TimeSpan.FromSeconds(app) : null);
        var first = await ConnectedAsync(client);
        first.Notify("evt-1", _server.Version);
        await _server.Log.WaitForAsync(e => e.IsBulk && e.FlagConfigEtag is not null, "the re-fetch of the notification");
        await UntilTheRefetchIsAnsweredAsync(TimeSpan.FromDays(1));

        client.SetForeground(false);
        var closeAt = _clock.GetUtcNow() + TimeSpan.FromSeconds(expectedSeconds);
        await _clock.WaitUntilScheduledAsync(s => s.Contains(closeAt), "the inactivity delay");
        _clock.Advance(TimeSpan.FromSeconds(expectedSeconds - 1));
        var pendingBeforeTheDelay = _clock.Scheduled.Contains(closeAt);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await first.Closed.WaitAsync(Signal);
        var beforeResume = _server.Log.All.Count;
        _clock.Advance(TimeSpan.FromHours(1));
        await _clock.WaitUntilScheduledAsync(s => s.Count == 0, "nothing scheduled while inactive");
        var inBackground = _server.Log.All.Count - beforeResume;

        client.SetForeground(true);
        var resumed = await _server.Log.WaitForAsync(e => e.IsBulk, "the re-fetch on resume", from: beforeResume);
        await _server.NextStreamAsync();

        Assert.True(pendingBeforeTheDelay);
        Assert.Equal(0, inBackground);
        Assert.Equal(("", null, 200), (resumed.IfNoneMatch, resumed.FlagConfigEtag, resumed.Status));
        Assert.Equal([null, "evt-1"], _server.Streams.Select(e => e.LastEventId));
    }

    [Fact]
    public async Task Without_an_advertised_stream_the_client_polls_for_full_answers_and_streams_once_one_is_advertised()
    {
        _server.Advertise(null);
        await using var client = Start(o => o.PollInterval = PollInterval);
        Assert.Equal(FlagStatus.Ready, await client.WaitUntilReadyAsync().WaitAsync(Signal));
        var start = _clock.GetUtcNow();

        await AdvanceToAsync(start + PollInterval, "the first poll");
        var poll = await _server.Log.WaitForAsync(e => e.IsBulk, "the first poll", from: 1);
        _server.Advertise(FakeOfrepServer.StreamUrl);
        var connectedAt = start + (2 * PollInterval);
        await AdvanceToAsync(connectedAt, "the second poll");
        await _server.NextStreamAsync();
        await UntilOnlyTheReadTimeoutIsScheduledAsync(connectedAt);
        _clock.Advance(TimeSpan.FromHours(1));

        // A 304 would not carry a stream URL, so without one every poll asks for the full answer.
        Assert.Equal(("", 200), (poll.IfNoneMatch, poll.Status));
        Assert.Equal(3, _server.Bulk.Count);
        Assert.Equal(FlagStatus.Ready, client.Status);
    }

    [Fact]
    public async Task While_the_stream_cannot_connect_the_client_polls_and_stops_polling_once_it_connects()
    {
        _server.AnswerStreamsWith(HttpStatusCode.ServiceUnavailable);
        await using var client = Start(o => o.PollInterval = PollInterval);
        Assert.Equal(FlagStatus.Ready, await client.WaitUntilReadyAsync().WaitAsync(Signal));
        await _server.Log.WaitForAsync(e => e.IsStream, "the first stream attempt");
        var start = _clock.GetUtcNow();

        // Reconnects back off from 1 s doubling (less the fixed 50 % jitter) while the poll interval runs on its own.
        var attempt = start;
        foreach (var (backoff, failed) in new[] { (0.75, 1), (1.5, 2), (3, 3), (6, 4), (12, 5) })
        {
            await _log.WaitForAsync(NotOpened, failed);
            attempt += TimeSpan.FromSeconds(backoff);
            await AdvanceToAsync(attempt, $"the stream attempt at {attempt - start}");
        }

        await _log.WaitForAsync(NotOpened, 6);
        await AdvanceToAsync(start + PollInterval, "the poll");
        var poll = await _server.Log.WaitForAsync(e => e.IsBulk, "the poll", from: 1);
        var statusWhileFailing = client.Status;
        _server.AnswerStreamsWith(HttpStatusCode.OK);
        var connectedAt = attempt + TimeSpan.FromSeconds(22.5);
        await AdvanceToAsync(connectedAt, "the stream attempt 30 s (less jitter) after the sixth");
        await _server.NextStreamAsync();
        await UntilOnlyTheReadTimeoutIsScheduledAsync(connectedAt);

        Assert.Equal(Enumerable.Repeat(503, 6).Append(200), _server.Streams.Select(e => e.Status));
        Assert.Equal(304, poll.Status);
        Assert.Equal(FlagStatus.Ready, statusWhileFailing);
    }

    [Fact]
    public async Task A_stream_the_server_will_not_serve_falls_back_to_polling_and_is_tried_again_each_poll_interval()
    {
        _server.AnswerStreamsWith(HttpStatusCode.NotFound);
        await using var client = Start(o => o.PollInterval = PollInterval);
        Assert.Equal(FlagStatus.Ready, await client.WaitUntilReadyAsync().WaitAsync(Signal));
        await _log.WaitForAsync(NotOpened, 1);
        var start = _clock.GetUtcNow();

        // One timer: the poll and the next stream attempt fall due together, a poll interval on.
        await _clock.WaitUntilScheduledAsync(s => s.SequenceEqual([start + PollInterval]), "the poll and the stream attempt");
        _clock.Advance(PollInterval);
        var poll = await _server.Log.WaitForAsync(e => e.IsBulk, "the poll", from: 1);
        await _log.WaitForAsync(NotOpened, 2);
        _server.AnswerStreamsWith(HttpStatusCode.OK);
        var connectedAt = start + (2 * PollInterval);
        await AdvanceToAsync(connectedAt, "the next poll and stream attempt");
        await _server.NextStreamAsync();
        await UntilOnlyTheReadTimeoutIsScheduledAsync(connectedAt);

        Assert.Equal([404, 404, 200], _server.Streams.Select(e => e.Status));
        Assert.Equal(("\"1-red\"", 304), (poll.IfNoneMatch, poll.Status));
        Assert.Equal(FlagStatus.Ready, client.Status);
    }

    [Fact]
    public async Task Without_polling_a_stream_the_server_will_not_serve_is_tried_again_on_the_backoff()
    {
        _server.AnswerStreamsWith(HttpStatusCode.NotFound);
        await using var client = Start(o => o.PollInterval = TimeSpan.Zero);
        Assert.Equal(FlagStatus.Ready, await client.WaitUntilReadyAsync().WaitAsync(Signal));
        await _log.WaitForAsync(NotOpened, 1);
        var start = _clock.GetUtcNow();

        await AdvanceToAsync(start + TimeSpan.FromSeconds(0.75), "the second attempt");
        await _log.WaitForAsync(NotOpened, 2);
        _server.AnswerStreamsWith(HttpStatusCode.OK);
        var connectedAt = start + TimeSpan.FromSeconds(0.75 + 1.5);
        await AdvanceToAsync(connectedAt, "the third attempt");
        await _server.NextStreamAsync();
        await UntilOnlyTheReadTimeoutIsScheduledAsync(connectedAt);

        Assert.Equal([404, 404, 200], _server.Streams.Select(e => e.Status));
        Assert.DoesNotContain(_server.Bulk.Skip(1), e => e.FlagConfigEtag is not null || e.IfNoneMatch.Length == 0);
    }

    [Fact]
    public async Task A_context_switch_whose_answer_names_another_stream_moves_to_it_at_once()
    {
        await using var client = Start();
        var first = await ConnectedAsync(client);

        await client.SetContextAsync(EvaluationContext.For("bob").Build()).WaitAsync(Signal);
        var keptForTheSameUrl = !first.Closed.IsCompleted;
        _server.Advertise("http://ofrep.test/ofrep/v1/event-stream?token=t2");
        await client.SetContextAsync(EvaluationContext.For("carol").Build()).WaitAsync(Signal);
        await first.Closed.WaitAsync(Signal);
        await _server.NextStreamAsync();
        await UntilOnlyTheReadTimeoutIsScheduledAsync(_clock.GetUtcNow());

        // Closed on purpose: reconnected without a backoff, and no "event stream disconnected" on the way.
        Assert.True(keptForTheSameUrl);
        Assert.Equal(["?token=t1", "?token=t2"], _server.Streams.Select(e => e.Url.Query));
        Assert.Equal(FlagStatus.Ready, client.Status);
    }

    [Fact]
    public async Task A_context_switch_whose_answer_advertises_no_stream_closes_it_and_polls()
    {
        await using var client = Start(o => o.PollInterval = PollInterval);
        var first = await ConnectedAsync(client);

        _server.Advertise(null);
        await client.SetContextAsync(EvaluationContext.For("bob").Build()).WaitAsync(Signal);
        await first.Closed.WaitAsync(Signal);
        var answeredAt = _clock.GetUtcNow();
        await _clock.WaitUntilScheduledAsync(s => s.SequenceEqual([answeredAt + PollInterval]), "polling once the stream is gone");

        Assert.Single(_server.Streams);
        Assert.Equal(FlagStatus.Ready, client.Status);
    }

    private FlagGrainsClient Start(Action<FlagGrainsClientOptions>? configure = null)
    {
        var options = ClientFactory.Options(FakeOfrepServer.BaseUrl, Key, _server, clock: _clock);
        options.Logger = _log;

        // Read timeouts have a test of their own; elsewhere a quiet stream must not be mistaken for a dead one.
        options.StreamReadTimeout = TimeSpan.FromDays(1);
        configure?.Invoke(options);
        return new FlagGrainsClient(options);
    }

    private async Task<FakeSseStream> ConnectedAsync(FlagGrainsClient client)
    {
        Assert.Equal(FlagStatus.Ready, await client.WaitUntilReadyAsync().WaitAsync(Signal));
        return await _server.NextStreamAsync();
    }

    /// <summary>Waits until the client has scheduled something for <paramref name="at"/>, then moves the clock there.</summary>
    private async Task AdvanceToAsync(DateTimeOffset at, string what)
    {
        await _clock.WaitUntilScheduledAsync(s => s.Contains(at), what);
        _clock.Advance(at - _clock.GetUtcNow());
    }

    /// <summary>
    /// Waits until the client has the answer to a re-fetch the server has seen. Until then the request's timeout (10 s)
    /// is on this clock: an advance would fire it, and a wait for a timer due 10 s on (an inactivity delay) would take
    /// it for that timer. Then only the read timeout is left, re-armed by the notification at this very instant.
    /// </summary>
    private Task UntilTheRefetchIsAnsweredAsync(TimeSpan readTimeout) =>
        _clock.WaitUntilScheduledAsync(s => s.SequenceEqual([_clock.GetUtcNow() + readTimeout]), "the re-fetch to be answered");

    /// <summary>With a stream up the loop sleeps with no timer of its own: no poll and no reconnect is scheduled.</summary>
    private Task UntilOnlyTheReadTimeoutIsScheduledAsync(DateTimeOffset connectedAt) =>
        _clock.WaitUntilScheduledAsync(s => s.SequenceEqual([connectedAt + TimeSpan.FromDays(1)]), "polling to stop once the stream is up");
}
