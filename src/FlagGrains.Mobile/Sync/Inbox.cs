using System.Collections.Concurrent;

namespace FlagGrains.Mobile.Sync;

/// <summary>
/// The one way into the sync loop. App calls, timer callbacks and the stream connection run on threads of their own;
/// they post what happened, and the loop applies it between its own steps. So everything the loop knows is touched by
/// one thread only and needs no lock. A post made while the loop is busy is not lost: it ends the loop's next wait at
/// once, and many posts before the loop looks wake it once.
/// </summary>
internal sealed class Inbox(TimeProvider clock)
{
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly AsyncSignal _signal = new(clock);
    private volatile bool _closed;

    public void Post(Action change)
    {
        if (_closed) return;
        _posted.Enqueue(change);
        _signal.Set();
    }

    /// <summary>The loop ended (key refused, client disposed): later posts are dropped instead of piling up unread.</summary>
    public void Close()
    {
        _closed = true;
        while (_posted.TryDequeue(out _))
        {
        }
    }

    /// <summary>Applies everything posted so far, in order; on the loop only.</summary>
    public void RunPending()
    {
        while (_posted.TryDequeue(out var change)) change();
    }

    /// <summary>True when something was posted, false when the clock reached <paramref name="due"/> first.</summary>
    public Task<bool> WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken) => _signal.WaitUntilAsync(due, cancellationToken);
}
