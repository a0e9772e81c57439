namespace FlagGrains.Mobile.Transport;

/// <summary>What one stream connection reports, from its own task; the receiver hands it to the sync loop.</summary>
internal interface IStreamListener
{
    void Connected(StreamConnection connection);

    void Received(StreamConnection connection, SseEvent received);

    /// <summary>The last report of a connection: how the open went, and the server's <c>retry:</c> hint if it sent one.</summary>
    void Ended(StreamConnection connection, StreamOpenResult opened, TimeSpan? retryHint);
}

/// <summary>
/// One attempt at an event stream, on a task of its own because reading it blocks for as long as it is up: open with
/// Last-Event-ID, report every event, end when the server ends it, the network drops it, nothing (not even a
/// heartbeat) arrives for the read timeout (mobile networks leave half-open connections behind), or the loop closes
/// it. It owns no sync state: everything it learns goes to the <see cref="IStreamListener"/>, and
/// <see cref="IStreamListener.Ended"/> is always its last report.
/// </summary>
internal sealed class StreamConnection
{
    private readonly CancellationTokenSource _cancel;

    internal StreamConnection(StreamLink link, CancellationToken stop)
    {
        Link = link;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
    }

    public StreamLink Link { get; }

    /// <summary>The connection's task; it completes after its last report.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Set by whoever closed it on purpose (inactivity, a new stream URL): its end is no failure.</summary>
    public bool ClosedOnPurpose { get; private set; }

    public static StreamConnection Start(
        OfrepTransport transport, StreamLink link, string? lastEventId, TimeProvider clock, TimeSpan readTimeout, IStreamListener listener, CancellationToken stop)
    {
        var connection = new StreamConnection(link, stop);
        // Not cancellable: the task must run to report its end, even when the client stops at once.
        connection.Completion = Task.Run(() => connection.RunAsync(transport, lastEventId, clock, readTimeout, listener), CancellationToken.None);
        return connection;
    }

    public void Close()
    {
        ClosedOnPurpose = true;
        CancelQuietly(_cancel);
    }

    /// <summary>Once <see cref="Completion"/> is done.</summary>
    public void Release() => _cancel.Dispose();

    private async Task RunAsync(OfrepTransport transport, string? lastEventId, TimeProvider clock, TimeSpan readTimeout, IStreamListener listener)
    {
        var opened = new StreamOpenResult(StreamOpenOutcome.Retry, "stream closed before it opened");
        TimeSpan? retryHint = null;
        try
        {
            opened = await transport.OpenStreamAsync(Link.Url, lastEventId, _cancel.Token).ConfigureAwait(false);
            if (opened.Outcome == StreamOpenOutcome.Connected)
            {
                listener.Connected(this);
                retryHint = await ReadEventsAsync(opened.Response!, clock, readTimeout, listener).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Closed (or the client disposed) while connecting.
        }
        catch (Exception ex)
        {
            // A bug must not end the stream for good: the loop reconnects after a backoff, as after any failure.
            opened = new StreamOpenResult(StreamOpenOutcome.Retry, $"stream failed ({ex.GetType().Name})");
        }
        finally
        {
            listener.Ended(this, opened, retryHint);
        }
    }

    /// <summary>Reads until the stream ends or is cancelled; returns the server's reconnect hint.</summary>
    private async Task<TimeSpan?> ReadEventsAsync(HttpResponseMessage response, TimeProvider clock, TimeSpan readTimeout, IStreamListener listener)
    {
        // netstandard2.1 cannot cancel a pending read: disposing the response is what ends it.
        using (response)
        using (_cancel.Token.Register(response.Dispose))
        using (var watchdog = clock.CreateTimer(_ => CancelQuietly(_cancel), null, readTimeout, Timeout.InfiniteTimeSpan))
        {
            SseEventReader? reader = null;
            try
            {
                reader = new SseEventReader(await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                {
                    LineRead = () => watchdog.Change(readTimeout, Timeout.InfiniteTimeSpan),
                };
                while (await reader.ReadAsync().ConfigureAwait(false) is { } received)
                {
                    listener.Received(this, received);
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or HttpRequestException or OperationCanceledException)
            {
                // The connection dropped, timed out or was closed on purpose; the loop decides what comes next.
            }

            return reader?.Retry;
        }
    }

    /// <summary>A timer callback may still run after its timer was disposed, when the connection is already gone.</summary>
    private static void CancelQuietly(CancellationTokenSource cancel)
    {
        try
        {
            cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
