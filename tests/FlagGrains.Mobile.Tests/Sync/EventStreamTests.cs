using FlagGrains.Mobile.Sync;
using FlagGrains.Mobile.Transport;

namespace FlagGrains.Mobile.Tests.Sync;

public sealed class EventStreamTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly StreamLink Link = new(new Uri("https://flags.test/ofrep/v1/event-stream?token=a"), null);
    private static readonly StreamOpenResult Opened = new(StreamOpenOutcome.Connected, "");
    private static readonly TimeSpan NoPolling = TimeSpan.Zero;

    private readonly EventStream _stream = new(() => 0);
    private readonly List<string?> _sentIds = [];

    [Fact]
    public void A_connection_starts_only_for_an_advertised_stream_while_allowed_and_none_is_open()
    {
        var withoutLink = _stream.Due(allowed: true);
        _stream.Advertised(Link, contextSwitch: false);
        var advertised = _stream.Due(allowed: true);
        var notAllowed = _stream.Due(allowed: false);
        Start();

        Assert.Equal(DateTimeOffset.MaxValue, withoutLink);
        Assert.Equal(DateTimeOffset.MinValue, advertised);
        Assert.Equal(DateTimeOffset.MaxValue, notAllowed);
        Assert.Equal(DateTimeOffset.MaxValue, _stream.Due(allowed: true));
    }

    [Fact]
    public void A_reconnect_sends_the_id_of_the_last_event_heard()
    {
        _stream.Advertised(Link, contextSwitch: false);
        var first = Start();
        _stream.OnConnected(first, Now, out _);
        _stream.OnReceived(first, new SseEvent("evt-1", "message", "{}"));
        _stream.OnReceived(first, new SseEvent("evt-2", "message", "{}"));

        var end = _stream.OnEnded(first, Opened, retryHint: null, Now, NoPolling);
        Start();

        Assert.Equal(StreamEnd.Dropped, end);
        Assert.Equal([null, "evt-2"], _sentIds);
    }

    [Theory]
    [InlineData("https://flags.test/ofrep/v1/event-stream?token=b")]
    [InlineData(null)]
    public void On_a_context_switch_an_answer_naming_another_stream_or_none_closes_the_connection(string? url)
    {
        _stream.Advertised(Link, contextSwitch: false);
        var connection = Start();
        var next = url is null ? null : new StreamLink(new Uri(url), null);

        _stream.Advertised(next, contextSwitch: true);

        Assert.True(connection.ClosedOnPurpose);
        Assert.Same(next, _stream.Link);
    }

    [Fact]
    public void The_connection_is_kept_for_the_same_stream_and_for_answers_that_are_no_context_switch()
    {
        _stream.Advertised(Link, contextSwitch: false);
        var connection = Start();

        _stream.Advertised(new StreamLink(Link.Url, TimeSpan.FromSeconds(30)), contextSwitch: true);
        _stream.Advertised(null, contextSwitch: false);

        Assert.False(connection.ClosedOnPurpose);
    }

    [Fact]
    public void Every_connection_after_the_first_attempt_is_a_reconnect()
    {
        _stream.Advertised(Link, contextSwitch: false);
        var refused = Start();
        _stream.OnEnded(refused, new StreamOpenResult(StreamOpenOutcome.Retry, "stream 503"), retryHint: null, Now, NoPolling);
        _stream.Advertised(Link, contextSwitch: false);
        var second = Start();

        _stream.OnConnected(second, Now, out var reconnect);

        Assert.True(reconnect);
        Assert.True(_stream.Connected);
    }

    [Fact]
    public void The_first_connection_is_no_reconnect()
    {
        _stream.Advertised(Link, contextSwitch: false);
        var first = Start();

        _stream.OnConnected(first, Now, out var reconnect);

        Assert.False(reconnect);
    }

    [Fact]
    public void A_dropped_stream_waits_the_longer_of_the_backoff_and_the_servers_retry_hint()
    {
        _stream.Advertised(Link, contextSwitch: false);
        var connection = Start();
        _stream.OnConnected(connection, Now, out _);

        _stream.OnEnded(connection, Opened, retryHint: TimeSpan.FromSeconds(3), Now + TimeSpan.FromSeconds(10), NoPolling);

        Assert.False(_stream.Connected);
        Assert.Equal(Now + TimeSpan.FromSeconds(13), _stream.Due(allowed: true));
    }

    [Fact]
    public void The_servers_retry_hint_holds_for_later_connections_that_do_not_repeat_it()
    {
        _stream.Advertised(Link, contextSwitch: false);
        var first = Start();
        _stream.OnConnected(first, Now, out _);
        _stream.OnEnded(first, Opened, retryHint: TimeSpan.FromSeconds(3), Now, NoPolling);
        var second = Start();
        _stream.OnConnected(second, Now, out _);

        _stream.OnEnded(second, Opened, retryHint: null, Now + TimeSpan.FromMinutes(5), NoPolling);

        Assert.Equal(Now + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(3), _stream.Due(allowed: true));
    }

    [Fact]
    public void A_stream_closed_on_purpose_ended_without_failure_and_may_reconnect_at_once()
    {
        _stream.Advertised(Link, contextSwitch: false);
        var connection = Start();
        _stream.OnConnected(connection, Now, out _);

        connection.Close();
        var end = _stream.OnEnded(connection, Opened, retryHint: null, Now, NoPolling);

        Assert.Equal(StreamEnd.Closed, end);
        Assert.Equal(DateTimeOffset.MinValue, _stream.Due(allowed: true));
    }

    [Fact]
    public void A_refused_stream_forgets_its_url_until_a_full_answer_brings_a_fresh_one()
    {
        _stream.Advertised(Link, contextSwitch: false);
        var connection = Start();

        var end = _stream.OnEnded(connection, new StreamOpenResult(StreamOpenOutcome.Refused, "stream 401"), retryHint: null, Now, NoPolling);

        Assert.Equal(StreamEnd.Refused, end);
        Assert.Null(_stream.Link);
        Assert.Equal(DateTimeOffset.MaxValue, _stream.Due(allowed: true));
    }

    [Fact]
    public void A_failed_connect_honours_retry_after()
    {
        _stream.Advertised(Link, contextSwitch: false);
        var connection = Start();

        var end = _stream.OnEnded(connection, new StreamOpenResult(StreamOpenOutcome.Retry, "stream 503", retryAfter: TimeSpan.FromSeconds(10)), retryHint: null, Now, NoPolling);

        Assert.Equal(StreamEnd.Failed, end);
        Assert.Equal(Now + TimeSpan.FromSeconds(10), _stream.Due(allowed: true));
    }

    [Fact]
    public void A_server_that_will_not_stream_is_asked_again_no_sooner_than_the_next_poll()
    {
        _stream.Advertised(Link, contextSwitch: false);
        var connection = Start();

        var end = _stream.OnEnded(connection, new StreamOpenResult(StreamOpenOutcome.Unsupported, "stream 404"), retryHint: null, Now, TimeSpan.FromSeconds(60));

        Assert.Equal(StreamEnd.Failed, end);
        Assert.Equal(Now + TimeSpan.FromSeconds(60), _stream.Due(allowed: true));
    }

    [Fact]
    public void Without_polling_a_server_that_will_not_stream_is_asked_again_on_the_backoff()
    {
        _stream.Advertised(Link, contextSwitch: false);
        var connection = Start();

        _stream.OnEnded(connection, new StreamOpenResult(StreamOpenOutcome.Unsupported, "stream 404"), retryHint: null, Now, NoPolling);

        Assert.Equal(Now + TimeSpan.FromSeconds(1), _stream.Due(allowed: true));
    }

    private StreamConnection Start()
    {
        StreamConnection? started = null;
        _stream.Start((link, lastEventId) =>
        {
            _sentIds.Add(lastEventId);
            return started = new StreamConnection(link, CancellationToken.None);
        });
        return started!;
    }
}
