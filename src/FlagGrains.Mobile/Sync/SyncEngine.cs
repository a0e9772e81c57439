using FlagGrains.Mobile.Evaluation;
using FlagGrains.Mobile.Storage;
using FlagGrains.Mobile.Transport;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Mobile.Sync;

/// <summary>
/// Keeps a client's values current in the background: a thin loop that owns the sync state and runs the parts. It
/// loads the device id and cached values, fetches when the <see cref="FetchScheduler"/> says so, lets the
/// <see cref="VersionGate"/> judge each answer before it is served and the <see cref="FlagCache"/> keep it, keeps the
/// <see cref="EventStream"/> open while the app is active (<see cref="AppActivity"/>) and turns its notifications into
/// fetches, and tells the <see cref="StatusTracker"/> what happened. App calls, timers and the stream connection reach
/// the loop only through its <see cref="Inbox"/>, so nothing but the app's context (<see cref="ContextState"/>) is
/// shared between threads. No network or disk I/O runs on the caller's thread.
/// </summary>
internal sealed class SyncEngine : IStreamListener, IAsyncDisposable
{
    private readonly SyncSettings _settings;
    private readonly OfrepTransport _transport;
    private readonly FlagPublisher _publisher;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<bool> _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Inbox _inbox;
    private readonly ContextState _context;
    private readonly FetchScheduler _fetches;
    private readonly VersionGate _versions = new();
    private readonly FlagCache _cache;
    private readonly EventStream _stream;
    private readonly AppActivity _activity;
    private readonly StatusTracker _status;
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    // Owned by the loop: the generation whose full answer was served last, and the one already given its cached values.
    private int _answeredGeneration = -1;
    private int _fallbackGeneration = -1;

    public SyncEngine(SyncSettings settings, OfrepTransport transport, FlagPublisher publisher, EvaluationContext context, ILogger logger)
    {
        _settings = settings;
        _transport = transport;
        _publisher = publisher;
        _logger = logger;
        _clock = settings.Clock;
        _inbox = new Inbox(_clock);
        _context = new ContextState(context);
        _fetches = new FetchScheduler(settings.Random, settings.PollInterval, _clock.GetUtcNow());
        _cache = new FlagCache(settings.Store, settings.Environment, logger);
        _stream = new EventStream(settings.Random);
        _activity = new AppActivity(_clock);
        _status = new StatusTracker(publisher);
    }

    /// <summary>Completes once the device id and the cached (or bootstrap) values are loaded.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>The sync loop; ends when the client is disposed or the key was refused.</summary>
    public Task Loops => _loop;

    public EvaluationContext Context => _context.Context;

    public string? DeviceId => _context.DeviceId;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Re-evaluates for <paramref name="context"/>; the current values stay until the new ones arrive.</summary>
    public Task SetContextAsync(EvaluationContext context, CancellationToken cancellationToken)
    {
        if (_context.Set(context) is not { } done) return Task.CompletedTask;
        _inbox.Post(() => _fetches.Request(unconditional: false, refetch: null));
        return cancellationToken.CanBeCanceled ? WithCancellation(done, cancellationToken) : done;
    }

    /// <summary>A fetch soon, coalesced with any pending one (pull to refresh).</summary>
    public void RequestFetch() => _inbox.Post(() => _fetches.Request(unconditional: false, refetch: null));

    /// <summary>
    /// Background: close the stream after the inactivity delay, stop polling. Foreground: re-fetch (fully, if the
    /// stream had been closed meanwhile) and reconnect.
    /// </summary>
    public void SetForeground(bool foreground) => _inbox.Post(() => OnForeground(foreground));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _context.Stop();
        _status.Close();
        _status.Publish(_publisher.Current, null);
        _transport.Dispose();
        _stop.Dispose();
    }

    void IStreamListener.Connected(StreamConnection connection) => _inbox.Post(() => OnStreamConnected(connection));

    void IStreamListener.Received(StreamConnection connection, SseEvent received) => _inbox.Post(() => OnStreamEvent(connection, received));

    void IStreamListener.Ended(StreamConnection connection, StreamOpenResult opened, TimeSpan? retryHint) =>
        _inbox.Post(() => OnStreamEnded(connection, opened, retryHint));

    private async Task RunAsync()
    {
        try
        {
            await LoadAsync().ConfigureAwait(false);
            while (true)
            {
                _inbox.RunPending();
                PublishStatus();
                var now = _clock.GetUtcNow();
                var streamDue = _stream.Due(allowed: _settings.Streaming && _activity.Active);
                if (streamDue <= now)
                {
                    _stream.Start(OpenStream);
                    streamDue = DateTimeOffset.MaxValue;
                }

                var fetchDue = _fetches.Due(polling: _activity.Active && !_stream.Connected);
                if (fetchDue <= now)
                {
                    if (!await FetchAsync().ConfigureAwait(false)) return;
                    continue;
                }

                await _inbox.WaitUntilAsync(fetchDue < streamDue ? fetchDue : streamDue, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A bug must not take the app down; values keep being served from memory.
            SyncLog.LoopFailed(_logger, ex);
        }
        finally
        {
            _inbox.Close();
            _activity.Stop();
            await _stream.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Device id first (it may be the targeting key), then the last values for this user from disk.</summary>
    private async Task LoadAsync()
    {
        string deviceId;
        try
        {
            deviceId = await DeviceIdentity.LoadOrCreateAsync(_settings.Store, _settings.NewDeviceId, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SyncLog.StoreFailed(_logger, ex);
            deviceId = _settings.NewDeviceId().ToString("N");
        }

        _context.SetDeviceId(deviceId);
        if (await _cache.ReadAsync(_context.Request().Context, _stop.Token).ConfigureAwait(false) is { } cached) ServeCached(cached);
        _fetches.Request(unconditional: false, refetch: null);
        PublishStatus();
        _loaded.TrySetResult(true);
    }

    /// <summary>One bulk fetch and what follows from its answer; false when the key was refused and the loop must end.</summary>
    private async Task<bool> FetchAsync()
    {
        var request = _context.Request();
        var (unconditional, refetch) = _fetches.Take();

        // Without a stream URL in memory the answer must be a full 200: a 304 would not carry one.
        var mayRevalidate = !unconditional && (_stream.Link is not null || !_settings.Streaming);
        var result = await _transport.FetchBulkAsync(request.Body, mayRevalidate ? _versions.ETagFor(request.Fingerprint) : null, refetch, _stop.Token).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        var current = request.Generation == _context.Generation;
        _fetches.Answered(now);
        SyncLog.Fetched(_logger, result.Outcome, result.Problem);
        switch (result.Outcome)
        {
            case FetchOutcome.Changed:
                _fetches.Succeeded();
                _status.FetchSucceeded();
                await ServeAsync(request, refetch, result, current).ConfigureAwait(false);
                break;
            case FetchOutcome.NotModified:
                _fetches.Succeeded();
                _status.FetchSucceeded();
                var served = _publisher.Current;
                if (current && served.ContextFingerprint == request.Fingerprint && served.Source == FlagValueSource.Cache)
                    _publisher.Publish(new FlagSet(served.Flags, FlagValueSource.Server, served.ContextFingerprint));
                break;
            case FetchOutcome.Refused:
                _status.Refused(result.Problem);
                _stream.Close();
                PublishStatus();
                _context.Stop();
                SyncLog.Refused(_logger, result.Problem);
                return false;
            case FetchOutcome.Retry:
                _status.FetchFailed(result.Problem);
                _fetches.Failed(now, result.RetryAfter, unconditional, refetch);
                if (current) await FallBackToCacheAsync(request).ConfigureAwait(false);
                break;
            case FetchOutcome.Rejected:
                _status.FetchFailed(result.Problem);
                if (current) await FallBackToCacheAsync(request).ConfigureAwait(false);
                break;
        }

        PublishStatus();
        _context.Answered(request.Generation);
        return true;
    }

    /// <summary>A full answer: its stream, then its values unless they are older than those held; the cache keeps them.</summary>
    private async Task ServeAsync(ContextRequest request, RefetchMetadata? askedWith, FetchResult result, bool current)
    {
        _stream.Advertised(_settings.Streaming ? result.Stream : null, contextSwitch: current && request.Generation != _answeredGeneration);
        if (!current) return;
        _answeredGeneration = request.Generation;
        if (_versions.SetAside(request.Fingerprint, result.ETag, askedWith) is { } hint)
        {
            _fetches.Request(unconditional: false, hint);
            return;
        }

        _versions.Hold(result.ETag, request.Fingerprint);
        _publisher.Publish(FlagSet.From(result.Flags, FlagValueSource.Server, request.Fingerprint));
        await _cache.WriteAsync(request.Context, new CachedFlags(request.Fingerprint, result.ETag, _clock.GetUtcNow(), result.Flags), _stop.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// After a context switch the previous user's values stay until the new ones arrive; if they cannot be fetched,
    /// the new user's own cached values (if any) are better than someone else's. Once per context.
    /// </summary>
    private async Task FallBackToCacheAsync(ContextRequest request)
    {
        if (_fallbackGeneration == request.Generation || _publisher.Current.ContextFingerprint == request.Fingerprint) return;
        _fallbackGeneration = request.Generation;
        var cached = await _cache.ReadAsync(request.Context, _stop.Token).ConfigureAwait(false);
        if (cached is not null && request.Generation == _context.Generation) ServeCached(cached);
    }

    private void ServeCached(CachedFlags cached)
    {
        _versions.Hold(cached.ETag, cached.ContextFingerprint);
        _publisher.Publish(FlagSet.From(cached.Flags, FlagValueSource.Cache, cached.ContextFingerprint));
    }

    private void OnForeground(bool foreground)
    {
        if (foreground == _activity.Foreground) return;
        if (foreground)
        {
            _fetches.Request(unconditional: _activity.Resume(), refetch: null);
            return;
        }

        var delay = _settings.InactivityDelay ?? _stream.Link?.InactivityDelay ?? SyncSettings.DefaultInactivityDelay;
        _activity.Background(delay, trip => _inbox.Post(() => OnInactive(trip)));
    }

    private void OnInactive(int trip)
    {
        if (_activity.Elapsed(trip)) _stream.Close();
    }

    private StreamConnection OpenStream(StreamLink link, string? lastEventId) =>
        StreamConnection.Start(_transport, link, lastEventId, _clock, _settings.StreamReadTimeout, this, _stop.Token);

    private void OnStreamConnected(StreamConnection connection)
    {
        if (!_stream.OnConnected(connection, _clock.GetUtcNow(), out var reconnect)) return;
        SyncLog.StreamConnected(_logger);
        _status.StreamConnected();

        // ADR-0008: re-fetch at once after a reconnect, even from a server that replays what was missed, since
        // replay retention differs between servers. A fetch already pending (a notification's) serves the purpose.
        if (reconnect && !_fetches.Pending) _fetches.Request(unconditional: false, refetch: null);
    }

    private void OnStreamEvent(StreamConnection connection, SseEvent received)
    {
        if (_stream.OnReceived(connection, received) && RefetchNotification.TryRead(received) is { } refetch)
            _fetches.Request(unconditional: false, refetch);
    }

    private void OnStreamEnded(StreamConnection connection, StreamOpenResult opened, TimeSpan? retryHint)
    {
        var end = _stream.OnEnded(connection, opened, retryHint, _clock.GetUtcNow(), _settings.PollInterval);
        if (end == StreamEnd.Ignored) return;
        if (end == StreamEnd.Dropped) _status.StreamLost();

        // Expired credential or revoked key: a full fetch brings a fresh URL, or a 401 that stops everything.
        if (end == StreamEnd.Refused) _fetches.Request(unconditional: true, refetch: null);
        if (opened.Outcome == StreamOpenOutcome.Connected) SyncLog.StreamEnded(_logger);
        else SyncLog.StreamRefused(_logger, opened.Problem);
    }

    private void PublishStatus() => _status.Publish(_publisher.Current, _context.DeviceId is null ? null : _context.Request().Fingerprint);

    private static async Task WithCancellation(Task task, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
        {
            await (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }
}
