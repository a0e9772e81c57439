using FlagGrains.Mobile.Transport;

namespace FlagGrains.Mobile.Sync;

/// <summary>
/// Decides when the next bulk fetch goes out and what kind it is. Reasons to fetch (start, context switch, refresh,
/// resume, notification, reconnect, retry) arrive in bursts; they coalesce into one pending fetch, as ADR-0008 asks of
/// notifications. A failed fetch is retried on the <see cref="RetrySchedule"/>; with nothing pending, polling (while
/// no stream is connected) fetches one interval after the last answer. Used by the sync loop only.
/// </summary>
internal sealed class FetchScheduler(Func<double> random, TimeSpan pollInterval, DateTimeOffset start)
{
    private readonly RetrySchedule _retry = new(random);
    private bool _pending;
    private bool _unconditional;
    private RefetchMetadata? _refetch;
    private DateTimeOffset _lastAnswerAt = start;

    public bool Pending => _pending;

    /// <summary>
    /// Asks for a fetch. Unconditional (no revalidation, no hint) wins over a conditional one; only a fetch the latest
    /// notification triggered carries that notification's metadata (ADR-0008).
    /// </summary>
    public void Request(bool unconditional, RefetchMetadata? refetch)
    {
        _pending = true;
        _unconditional |= unconditional;
        _refetch = unconditional ? null : refetch;
    }

    /// <summary>When the next fetch is due; <see cref="DateTimeOffset.MaxValue"/> when nothing will fetch.</summary>
    public DateTimeOffset Due(bool polling) =>
        _pending ? _retry.Due
        : polling && pollInterval > TimeSpan.Zero ? Later(_retry.Due, _lastAnswerAt + pollInterval)
        : DateTimeOffset.MaxValue;

    /// <summary>Starts the pending (or polling) fetch: what it must be, and nothing pending any more.</summary>
    public (bool Unconditional, RefetchMetadata? Refetch) Take()
    {
        var taken = (_unconditional, _refetch);
        _pending = false;
        _unconditional = false;
        _refetch = null;
        return taken;
    }

    /// <summary>Any answer, good or bad, restarts the polling interval.</summary>
    public void Answered(DateTimeOffset now) => _lastAnswerAt = now;

    public void Succeeded() => _retry.Succeeded();

    /// <summary>
    /// 408, 429, 5xx or a network error: the same fetch again after the backoff (or the server's Retry-After), unless
    /// a newer reason to fetch came in meanwhile, which then goes out at that time instead.
    /// </summary>
    public void Failed(DateTimeOffset now, TimeSpan? retryAfter, bool unconditional, RefetchMetadata? refetch)
    {
        _retry.Failed(now, retryAfter);
        if (!_pending) Request(unconditional, refetch);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
