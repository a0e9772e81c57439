using FlagGrains.Mobile.Transport;

namespace FlagGrains.Mobile.Sync;

/// <summary>How a stream connection's end is to be taken.</summary>
internal enum StreamEnd
{
    /// <summary>Not the current connection's end (it was already replaced): nothing to do.</summary>
    Ignored,

    /// <summary>Closed on purpose (inactivity, a new stream URL, the client stopping): no failure, no backoff.</summary>
    Closed,

    /// <summary>A stream that was up dropped: reconnect after the backoff; values may miss a change meanwhile.</summary>
    Dropped,

    /// <summary>Could not connect (network, 408, 429, 5xx, a 4xx this server gives for streams): retry later.</summary>
    Failed,

    /// <summary>401/403: the URL's credential expired or the key was revoked; a full bulk fetch tells which.</summary>
    Refused,
}

/// <summary>
/// The event-stream side of syncing: which URL the server advertised, the connection (at most one), what it has heard
/// (the last event id, sent back as Last-Event-ID so the server can replay what was missed; its <c>retry:</c> hint) and
/// when to try again. It decides nothing about fetching: the loop turns its answers into fetches and status. Kept
/// apart because a stream's life (connect, read for hours, drop, back off, reconnect) runs beside the fetches and would
/// otherwise tangle with them. Used by the sync loop only; the connection's own task reports through the loop.
/// </summary>
internal sealed class EventStream(Func<double> random)
{
    private readonly RetrySchedule _retry = new(random);
    private StreamConnection? _connection;
    private DateTimeOffset _connectedAt;
    private string? _lastEventId;
    private TimeSpan? _retryHint;
    private bool _attempted;
    private bool _reconnecting;

    /// <summary>The stream the last full answer advertised (null: none; the URL carries a credential, never log it).</summary>
    public StreamLink? Link { get; private set; }

    /// <summary>Connected now: notifications arrive, so polling is not needed.</summary>
    public bool Connected { get; private set; }

    /// <summary>When the next connection should start, if <paramref name="allowed"/> (streaming on, app active).</summary>
    public DateTimeOffset Due(bool allowed) =>
        allowed && Link is not null && _connection is null ? _retry.Due : DateTimeOffset.MaxValue;

    public void Start(Func<StreamLink, string?, StreamConnection> open)
    {
        _reconnecting = _attempted;
        _attempted = true;
        _connection = open(Link!, _lastEventId);
    }

    /// <summary>
    /// A full answer's <c>eventStreams</c>. On a context switch the connection follows it (ADR-0008): a different URL,
    /// or none, closes the current one; otherwise a connection is kept until it ends by itself (a silo's URL changes
    /// with its credential window, and every device moving at once would be a reconnect storm).
    /// </summary>
    public void Advertised(StreamLink? link, bool contextSwitch)
    {
        Link = link;
        if (contextSwitch && _connection is { } open && open.Link.Url != link?.Url) open.Close();
    }

    /// <summary>
    /// True when <paramref name="connection"/> is the current one: it connected. <paramref name="reconnect"/> says
    /// whether an earlier attempt came before it, after which values may have missed a change.
    /// </summary>
    public bool OnConnected(StreamConnection connection, DateTimeOffset now, out bool reconnect)
    {
        reconnect = false;
        if (!ReferenceEquals(connection, _connection)) return false;
        reconnect = _reconnecting;
        Connected = true;
        _connectedAt = now;
        return true;
    }

    /// <summary>
    /// True when <paramref name="received"/> came on the current connection. Every event's id counts, whatever its
    /// type (WHATWG): a server replays from the last id it sent, not from the last notification.
    /// </summary>
    public bool OnReceived(StreamConnection connection, SseEvent received)
    {
        if (!ReferenceEquals(connection, _connection)) return false;
        if (received.Id is not null) _lastEventId = received.Id;
        return true;
    }

    /// <summary>
    /// Records how a connection ended and when to try again: after a drop, the backoff (reset when the stream had been
    /// healthy) or the server's <c>retry:</c> hint; after a failed open, the backoff or Retry-After. A server that will
    /// not stream to us (a 4xx such as 404 from a proxy that does not route streams) is asked again no sooner than the
    /// next poll, since polling covers meanwhile; without polling, on the plain backoff (ADR-0008: keep reconnecting).
    /// </summary>
    public StreamEnd OnEnded(StreamConnection connection, StreamOpenResult opened, TimeSpan? retryHint, DateTimeOffset now, TimeSpan pollInterval)
    {
        if (!ReferenceEquals(connection, _connection)) return StreamEnd.Ignored;
        _connection = null;
        var wasConnected = Connected;
        Connected = false;
        connection.Release();

        // Like the id, the server's reconnection time holds until the server changes it (WHATWG), across connections.
        if (retryHint is not null) _retryHint = retryHint;
        if (connection.ClosedOnPurpose) return StreamEnd.Closed;

        switch (opened.Outcome)
        {
            case StreamOpenOutcome.Connected:
                _retry.ConnectionEnded(now, _connectedAt, _retryHint);
                return wasConnected ? StreamEnd.Dropped : StreamEnd.Failed;
            case StreamOpenOutcome.Refused:
                if (ReferenceEquals(Link, connection.Link)) Link = null;
                _retry.Failed(now, null);
                return StreamEnd.Refused;
            case StreamOpenOutcome.Unsupported:
                _retry.Failed(now, pollInterval > TimeSpan.Zero ? pollInterval : null);
                return StreamEnd.Failed;
            default:
                _retry.Failed(now, opened.RetryAfter);
                return StreamEnd.Failed;
        }
    }

    /// <summary>Closes the connection on purpose (inactivity, the key refused, the client stopping).</summary>
    public void Close() => _connection?.Close();

    /// <summary>Closes the connection and waits for its task, so no timer or socket outlives the client.</summary>
    public async Task StopAsync()
    {
        if (_connection is not { } connection) return;
        connection.Close();
        await connection.Completion.ConfigureAwait(false);
        connection.Release();
        _connection = null;
        Connected = false;
    }
}
