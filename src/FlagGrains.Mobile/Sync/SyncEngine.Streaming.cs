using System.Text.Json;
using FlagGrains.Mobile.Transport;

namespace FlagGrains.Mobile.Sync;

/// <summary>
/// The event-stream half: connect while in the foreground and a stream URL is known, re-fetch on each
/// notification, reconnect with backoff, and poll (the fetch loop) whenever no stream is connected.
/// </summary>
internal sealed partial class SyncEngine
{
    // Guarded by _gate.
    private StreamLink? _link;
    private bool _streamConnected;
    private bool _streamDegraded;
    private bool _streamUnsupported;
    private DateTimeOffset _streamRetryAt;
    private string? _lastEventId;
    private bool _foreground = true;
    private bool _inactive;
    private ITimer? _inactivityTimer;
    private CancellationTokenSource? _connection;

    /// <summary>
    /// Background: close the stream after the inactivity delay and stop polling. Foreground: re-fetch (fully, if
    /// the stream had been closed meanwhile) and reconnect.
    /// </summary>
    public void SetForeground(bool foreground)
    {
        lock (_gate)
        {
            if (_foreground == foreground || _closed) return;
            _foreground = foreground;
            _inactivityTimer?.Dispose();
            _inactivityTimer = null;
            if (foreground)
            {
                RequestFetchLocked(unconditional: _inactive, refetch: null);
                _inactive = false;
            }
            else
            {
                var delay = _settings.InactivityDelay ?? _link?.InactivityDelay ?? SyncSettings.DefaultInactivityDelay;
                _inactivityTimer = _clock.CreateTimer(_ => CloseForInactivity(), null, delay, Timeout.InfiniteTimeSpan);
            }
        }

        _fetchSignal.Set();
        _streamSignal.Set();
    }

    private void CloseForInactivity()
    {
        lock (_gate)
        {
            if (_foreground) return;
            _inactive = true;
            _connection?.Cancel();
        }
    }

    private bool StreamingPossibleLocked() => _settings.Streaming && !_streamUnsupported;

    private async Task StreamLoopAsync()
    {
        try
        {
            await _loaded.Task.ConfigureAwait(false);
            while (await WaitForStreamTurnAsync().ConfigureAwait(false) is { } link)
            {
                await ConnectOnceAsync(link).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogLoopFailed(_logger, ex, "stream");
        }
    }

    private async Task<StreamLink?> WaitForStreamTurnAsync()
    {
        while (true)
        {
            DateTimeOffset due;
            lock (_gate)
            {
                if (_fatal || _closed) return null;
                var ready = StreamingPossibleLocked() && _link is not null && _foreground && !_inactive;
                if (ready && _streamRetryAt <= _clock.GetUtcNow()) return _link;
                due = ready ? _streamRetryAt : DateTimeOffset.MaxValue;
            }

            await _streamSignal.WaitUntilAsync(due, _stop.Token).ConfigureAwait(false);
        }
    }

    private async Task ConnectOnceAsync(StreamLink link)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        string? lastEventId;
        lock (_gate)
        {
            _connection = connection;
            lastEventId = _lastEventId;
        }

        var opened = await _transport.OpenStreamAsync(link.Url, lastEventId, connection.Token).ConfigureAwait(false);
        var connectedAt = _clock.GetUtcNow();
        TimeSpan? retryHint = null;
        if (opened.Outcome == StreamOpenOutcome.Connected)
        {
            lock (_gate)
            {
                _streamConnected = true;
                _streamDegraded = false;
            }

            LogStreamConnected(_logger);
            UpdateStatus();
            _fetchSignal.Set();
            retryHint = await ReadEventsAsync(opened.Response!, connection).ConfigureAwait(false);
        }

        _stop.Token.ThrowIfCancellationRequested();
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            _connection = null;
            var wasConnected = _streamConnected;
            _streamConnected = false;
            switch (opened.Outcome)
            {
                case StreamOpenOutcome.Connected when _inactive || _fatal:
                    break;
                case StreamOpenOutcome.Connected:
                    if (now - connectedAt >= Backoff.HealthyAfter) _streamBackoff.Reset();
                    _streamDegraded = wasConnected;
                    _streamRetryAt = now + Longest(_streamBackoff.Next(), retryHint);
                    break;
                case StreamOpenOutcome.Refused:
                    // Expired credential or revoked key: a full fetch brings a fresh URL, or a 401 that stops everything.
                    if (ReferenceEquals(_link, link)) _link = null;
                    RequestFetchLocked(unconditional: true, refetch: null);
                    _streamRetryAt = now + _streamBackoff.Next();
                    break;
                case StreamOpenOutcome.Retry:
                    _streamRetryAt = now + Longest(_streamBackoff.Next(), opened.RetryAfter);
                    break;
                case StreamOpenOutcome.Unsupported:
                    _streamUnsupported = true;
                    break;
            }
        }

        if (opened.Outcome != StreamOpenOutcome.Connected) LogStreamRefused(_logger, opened.Problem);
        else LogStreamEnded(_logger);
        UpdateStatus();
        _fetchSignal.Set();
    }

    /// <summary>Reads until the stream ends or is cancelled; returns the server's reconnect hint.</summary>
    private async Task<TimeSpan?> ReadEventsAsync(HttpResponseMessage response, CancellationTokenSource connection)
    {
        // netstandard2.1 cannot cancel a pending read: disposing the response is what ends it.
        using (response)
        using (connection.Token.Register(response.Dispose))
        using (var watchdog = _clock.CreateTimer(_ => CancelQuietly(connection), null, _settings.StreamReadTimeout, Timeout.InfiniteTimeSpan))
        {
            SseEventReader? reader = null;
            try
            {
                reader = new SseEventReader(await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                {
                    LineRead = () => watchdog.Change(_settings.StreamReadTimeout, Timeout.InfiniteTimeSpan),
                };
                while (await reader.ReadAsync().ConfigureAwait(false) is { } received)
                {
                    OnEvent(received);
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or HttpRequestException or OperationCanceledException)
            {
                // The connection dropped, timed out or was closed on purpose; the caller decides what comes next.
            }

            return reader?.Retry;
        }
    }

    private void OnEvent(SseEvent received)
    {
        if (received.Type != "message") return;
        RefetchMetadata? refetch;
        try
        {
            using var data = JsonDocument.Parse(received.Data);
            var root = data.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "refetchEvaluation")
                return;
            refetch = new RefetchMetadata(
                root.TryGetProperty("etag", out var etag) && etag.ValueKind == JsonValueKind.String ? etag.GetString() : null,
                root.TryGetProperty("lastModified", out var modified) && modified.ValueKind is JsonValueKind.Number or JsonValueKind.String
                    ? modified.ValueKind == JsonValueKind.String ? modified.GetString() : modified.GetRawText()
                    : null);
        }
        catch (JsonException)
        {
            return;
        }

        lock (_gate)
        {
            if (received.Id is not null) _lastEventId = received.Id;
            RequestFetchLocked(unconditional: false, refetch);
        }
    }

    /// <summary>A timer callback may still run after its timer was disposed, when the connection is already gone.</summary>
    private static void CancelQuietly(CancellationTokenSource connection)
    {
        try
        {
            connection.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static TimeSpan Longest(TimeSpan backoff, TimeSpan? hint) => hint is { } value && value > backoff ? value : backoff;
}
