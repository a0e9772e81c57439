using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FlagGrains.Mobile.Evaluation;
using FlagGrains.Mobile.Storage;
using FlagGrains.Mobile.Transport;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Mobile.Sync;

/// <summary>
/// Keeps a client's values current in the background: one loop fetches bulk evaluations (on start, context change,
/// resume, notification, poll, retry), one keeps the event stream open. State shared between them and the caller
/// lives under one lock; network and disk I/O never run under it, and nothing here runs on the caller's thread.
/// </summary>
internal sealed partial class SyncEngine : IAsyncDisposable
{
    private readonly SyncSettings _settings;
    private readonly OfrepTransport _transport;
    private readonly FlagPublisher _publisher;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Backoff _fetchBackoff;
    private readonly Backoff _streamBackoff;
    private readonly AsyncSignal _fetchSignal;
    private readonly AsyncSignal _streamSignal;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<bool> _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private readonly List<(int Generation, TaskCompletionSource<bool> Done)> _contextWaiters = [];
    private Task _loops = Task.CompletedTask;

    // Everything below is guarded by _gate.
    private EvaluationContext _context;
    private int _generation;
    private string? _deviceId;
    private bool _fetchPending;
    private bool _unconditional;
    private RefetchMetadata? _refetch;
    private DateTimeOffset _retryAt;
    private DateTimeOffset _lastFetchAt;
    private bool _lastFetchFailed;
    private string? _problem;
    private string? _etag;
    private string? _etagFingerprint;
    private int _fallbackGeneration = -1;
    private bool _fatal;
    private bool _closed;

    public SyncEngine(SyncSettings settings, OfrepTransport transport, FlagPublisher publisher, EvaluationContext context, ILogger logger)
    {
        _settings = settings;
        _transport = transport;
        _publisher = publisher;
        _context = context;
        _logger = logger;
        _clock = settings.Clock;
        _fetchBackoff = new Backoff(settings.Random);
        _streamBackoff = new Backoff(settings.Random);
        _fetchSignal = new AsyncSignal(_clock);
        _streamSignal = new AsyncSignal(_clock);
        _lastFetchAt = _clock.GetUtcNow();
    }

    /// <summary>Completes once the device id and the cached (or bootstrap) values are loaded.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>Both loops; ends when the client is disposed or the key was refused.</summary>
    public Task Loops => _loops;

    public EvaluationContext Context
    {
        get
        {
            lock (_gate) return _context;
        }
    }

    public string? DeviceId
    {
        get
        {
            lock (_gate) return _deviceId;
        }
    }

    public void Start() => _loops = Task.Run(() => Task.WhenAll(FetchLoopAsync(), StreamLoopAsync()));

    /// <summary>Re-evaluates for <paramref name="context"/>; the current values stay until the new ones arrive.</summary>
    public Task SetContextAsync(EvaluationContext context, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_fatal || _closed) return Task.CompletedTask;
            _context = context;
            _generation++;
            _contextWaiters.Add((_generation, done));
            RequestFetchLocked(unconditional: false, refetch: null);
        }

        UpdateStatus();
        return cancellationToken.CanBeCanceled ? WithCancellation(done.Task, cancellationToken) : done.Task;
    }

    /// <summary>A fetch soon (coalesced with any pending one); used by refresh, resume and notifications.</summary>
    public void RequestFetch(bool unconditional = false, RefetchMetadata? refetch = null)
    {
        lock (_gate) RequestFetchLocked(unconditional, refetch);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            _inactivityTimer?.Dispose();
        }

        _stop.Cancel();
        try
        {
            await _loops.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        CompleteContextWaiters(int.MaxValue);
        _publisher.SetStatus(FlagStatus.Closed, null);
        _transport.Dispose();
        _stop.Dispose();
    }

    private void RequestFetchLocked(bool unconditional, RefetchMetadata? refetch)
    {
        _fetchPending = true;
        _unconditional |= unconditional;

        // Only a re-fetch the latest notification triggered carries its metadata (ADR-0008).
        _refetch = unconditional ? null : refetch;
        _fetchSignal.Set();
    }

    private async Task FetchLoopAsync()
    {
        try
        {
            await LoadAsync().ConfigureAwait(false);
            while (await WaitForFetchTurnAsync().ConfigureAwait(false) is { } turn)
            {
                var result = await _transport.FetchBulkAsync(turn.Body, turn.IfNoneMatch, turn.Refetch, _stop.Token).ConfigureAwait(false);
                if (!await HandleAsync(turn, result).ConfigureAwait(false)) return;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A bug must not take the app down; values keep being served from memory.
            LogLoopFailed(_logger, ex, "fetch");
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
            LogStoreFailed(_logger, ex);
            deviceId = _settings.NewDeviceId().ToString("N");
        }

        EvaluationContext context;
        lock (_gate)
        {
            _deviceId = deviceId;
            context = Effective(_context);
        }

        var cached = await ReadCacheAsync(context).ConfigureAwait(false);
        lock (_gate)
        {
            if (cached is not null && _publisher.Current.Source != FlagValueSource.Server)
            {
                _etag = cached.ETag;
                _etagFingerprint = cached.ContextFingerprint;
                _publisher.Publish(FlagSet.From(cached.Flags, FlagValueSource.Cache, cached.ContextFingerprint));
            }

            RequestFetchLocked(unconditional: false, refetch: null);
        }

        UpdateStatus();
        _loaded.TrySetResult(true);
        _streamSignal.Set();
    }

    private async Task<FetchTurn?> WaitForFetchTurnAsync()
    {
        while (true)
        {
            DateTimeOffset due;
            lock (_gate)
            {
                if (_fatal || _closed) return null;
                due = _fetchPending ? _retryAt
                    : PollingActiveLocked() ? Max(_retryAt, _lastFetchAt + _settings.PollInterval)
                    : DateTimeOffset.MaxValue;
                if (due <= _clock.GetUtcNow()) return TakeTurnLocked();
            }

            await _fetchSignal.WaitUntilAsync(due, _stop.Token).ConfigureAwait(false);
        }
    }

    /// <summary>True when a 200 for the context already served carries an older environment version than the held one.</summary>
    private bool GoesBackLocked(FetchTurn turn, FetchResult result) =>
        _etagFingerprint == turn.Fingerprint
        && EntityTagVersion.TryRead(_etag, out var held)
        && EntityTagVersion.TryRead(result.ETag, out var answered)
        && answered < held
        && turn.Refetch?.FlagConfigEtag != FlagConfigTagOf(_etag);

    private static string? FlagConfigTagOf(string? etag) =>
        EntityTagVersion.TryRead(etag, out var version) ? "\"v" + version.ToString(CultureInfo.InvariantCulture) + "\"" : null;

    private FetchTurn TakeTurnLocked()
    {
        var context = Effective(_context);
        var body = context.ToRequestJson();
        var fingerprint = Fingerprint(body);

        // Without a stream URL in memory the answer must be a full 200: a 304 would not carry one.
        var mayRevalidate = !_unconditional && (_link is not null || !StreamingPossibleLocked()) && _etagFingerprint == fingerprint;
        var turn = new FetchTurn(_generation, context, body, fingerprint, mayRevalidate ? _etag : null, _refetch, _unconditional);
        _fetchPending = false;
        _unconditional = false;
        _refetch = null;
        return turn;
    }

    /// <summary>Applies one answer; false when the loop must end (key refused).</summary>
    private async Task<bool> HandleAsync(FetchTurn turn, FetchResult result)
    {
        var now = _clock.GetUtcNow();
        bool current;
        lock (_gate)
        {
            _lastFetchAt = now;
            current = turn.Generation == _generation;
            switch (result.Outcome)
            {
                case FetchOutcome.Changed:
                    _link = _settings.Streaming ? result.Stream : null;
                    Succeeded();
                    if (current && GoesBackLocked(turn, result))
                    {
                        // Older than the values held: this silo lags the one that answered before. Ask again with our
                        // version as the re-fetch hint, which makes a silo wait (bounded) until it serves it. If the
                        // answer is still older, the cluster really is there (a partitioned silo, a restore) and it wins.
                        current = false;
                        RequestFetchLocked(unconditional: false, new RefetchMetadata(FlagConfigTagOf(_etag), null));
                        break;
                    }

                    if (current)
                    {
                        _etag = result.ETag;
                        _etagFingerprint = turn.Fingerprint;
                        _publisher.Publish(FlagSet.From(result.Flags, FlagValueSource.Server, turn.Fingerprint));
                    }

                    break;
                case FetchOutcome.NotModified:
                    Succeeded();
                    var served = _publisher.Current;
                    if (current && served.ContextFingerprint == turn.Fingerprint && served.Source == FlagValueSource.Cache)
                        _publisher.Publish(new FlagSet(served.Flags, FlagValueSource.Server, served.ContextFingerprint));
                    break;
                case FetchOutcome.Refused:
                    _fatal = true;
                    _problem = result.Problem;
                    _connection?.Cancel();
                    break;
                case FetchOutcome.Retry:
                    _lastFetchFailed = true;
                    _problem = result.Problem;
                    var delay = _fetchBackoff.Next();
                    if (result.RetryAfter is { } retryAfter && retryAfter > delay) delay = retryAfter;
                    _retryAt = now + delay;
                    if (!_fetchPending) RequestFetchLocked(turn.Unconditional, turn.Refetch);
                    break;
                case FetchOutcome.Rejected:
                    _lastFetchFailed = true;
                    _problem = result.Problem;
                    break;
            }
        }

        LogFetched(_logger, result.Outcome, result.Problem);
        if (result.Outcome == FetchOutcome.Changed && current) await WriteCacheAsync(turn, result).ConfigureAwait(false);
        if (result.Outcome is FetchOutcome.Retry or FetchOutcome.Rejected && current) await FallBackToCacheAsync(turn).ConfigureAwait(false);

        CompleteContextWaiters(result.Outcome == FetchOutcome.Refused ? int.MaxValue : turn.Generation);
        UpdateStatus();
        _streamSignal.Set();
        if (result.Outcome != FetchOutcome.Refused) return true;

        LogRefused(_logger, result.Problem);
        return false;
    }

    /// <summary>
    /// After a context switch the previous user's values stay until the new ones arrive; if they cannot be fetched,
    /// the new user's own cached values (if any) are better than someone else's. Once per context.
    /// </summary>
    private async Task FallBackToCacheAsync(FetchTurn turn)
    {
        lock (_gate)
        {
            if (_fallbackGeneration == turn.Generation || _publisher.Current.ContextFingerprint == turn.Fingerprint) return;
            _fallbackGeneration = turn.Generation;
        }

        var cached = await ReadCacheAsync(turn.Context).ConfigureAwait(false);
        if (cached is null) return;
        lock (_gate)
        {
            if (turn.Generation != _generation) return;
            _etag = cached.ETag;
            _etagFingerprint = cached.ContextFingerprint;
            _publisher.Publish(FlagSet.From(cached.Flags, FlagValueSource.Cache, cached.ContextFingerprint));
        }
    }

    private void Succeeded()
    {
        _lastFetchFailed = false;
        _streamDegraded = false;
        _problem = null;
        _retryAt = DateTimeOffset.MinValue;
        _fetchBackoff.Reset();
    }

    private async Task<CachedFlags?> ReadCacheAsync(EvaluationContext context)
    {
        try
        {
            var content = await _settings.Store.ReadAsync(CachedFlags.NameFor(_settings.Environment, context.TargetingKey!), _stop.Token).ConfigureAwait(false);
            return content is null ? null : CachedFlags.Deserialize(content);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStoreFailed(_logger, ex);
            return null;
        }
    }

    private async Task WriteCacheAsync(FetchTurn turn, FetchResult result)
    {
        try
        {
            var entry = new CachedFlags(turn.Fingerprint, result.ETag, _clock.GetUtcNow(), result.Flags);
            await _settings.Store.WriteAsync(CachedFlags.NameFor(_settings.Environment, turn.Context.TargetingKey!), entry.Serialize(), _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStoreFailed(_logger, ex);
        }
    }

    /// <summary>Derives the status from what the loops know; raises StatusChanged when it differs.</summary>
    private void UpdateStatus()
    {
        FlagStatus status;
        string? problem;
        lock (_gate)
        {
            problem = _problem;
            var current = _publisher.Current;
            var requested = _deviceId is null ? null : Fingerprint(Effective(_context).ToRequestJson());
            status = _closed ? FlagStatus.Closed
                : _fatal ? FlagStatus.Fatal
                : current.Source == FlagValueSource.Server && current.ContextFingerprint == requested
                    ? (_lastFetchFailed || _streamDegraded ? FlagStatus.Stale : FlagStatus.Ready)
                : current.Source is FlagValueSource.Server or FlagValueSource.Cache ? FlagStatus.Stale
                : FlagStatus.NotReady;
            if (status == FlagStatus.Stale && problem is null) problem = _streamDegraded ? "event stream disconnected" : null;
        }

        _publisher.SetStatus(status, problem);
    }

    private void CompleteContextWaiters(int generation)
    {
        List<TaskCompletionSource<bool>> done;
        lock (_gate)
        {
            done = [.. _contextWaiters.Where(w => w.Generation <= generation).Select(w => w.Done)];
            _contextWaiters.RemoveAll(w => w.Generation <= generation);
        }

        done.ForEach(waiter => waiter.TrySetResult(true));
    }

    private EvaluationContext Effective(EvaluationContext context) =>
        context.TargetingKey is null && _deviceId is not null ? context.WithTargetingKey(_deviceId) : context;

    private bool PollingActiveLocked() =>
        _settings.PollInterval > TimeSpan.Zero && _foreground && !_inactive && !_streamConnected;

    private static string Fingerprint(byte[] body)
    {
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(body);
        var hex = new StringBuilder(32);
        for (var i = 0; i < 16; i++) hex.Append(digest[i].ToString("x2", CultureInfo.InvariantCulture));
        return hex.ToString();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static async Task WithCancellation(Task task, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
        {
            await (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    /// <summary>What one fetch sends, captured under the lock so the request matches the state it was decided in.</summary>
    private sealed record FetchTurn(int Generation, EvaluationContext Context, byte[] Body, string Fingerprint, string? IfNoneMatch, RefetchMetadata? Refetch, bool Unconditional);
}
