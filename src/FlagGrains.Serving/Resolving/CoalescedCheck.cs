namespace FlagGrains.Serving.Resolving;

/// <summary>
/// A check against the cluster (a catalog read, a version check) that answers "as of now" for every caller waiting
/// on it. A caller is answered by the first check that <em>started</em> after it arrived, so what it learns includes
/// everything acknowledged before it asked; checks start at most once per <c>minimumInterval</c>, so a flood of
/// callers costs one cluster call per interval, not one each. Checks never overlap: an answer read earlier can never
/// land after (and over) one read later.
/// </summary>
public sealed class CoalescedCheck(Func<CancellationToken, Task> check, TimeSpan minimumInterval, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private Task _running = Task.CompletedTask;
    private TaskCompletionSource? _next;
    private long _lastStarted = long.MinValue;
    private long _lastCompletedStart = long.MinValue;

    /// <summary>Waits for a check that started after this call; a failed check fails its waiters.</summary>
    public Task RunAsync()
    {
        var arrived = clock.GetTimestamp();
        TaskCompletionSource next;
        lock (_gate)
        {
            if (_lastCompletedStart > arrived) return Task.CompletedTask;

            // A scheduled check has not started yet (it clears this slot under the lock when it does), so it starts
            // after this caller arrived: share it. Whoever created it may have read the clock later than this caller;
            // comparing those readings once started a second check beside it, and the two could overlap.
            if (_next is { } scheduled) return scheduled.Task;

            _next = next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // Started only once it is published as the next check: a start that runs to the check synchronously (a wait
        // under a millisecond is no wait for Task.Delay) must find itself there to un-schedule it. Started from inside
        // the lock, it once cleared the slot before being put in it, and that finished check answered every later caller.
        _ = StartAsync(next);
        return next.Task;
    }

    private async Task StartAsync(TaskCompletionSource next)
    {
        try
        {
            long lastStarted;
            Task previous;
            lock (_gate)
            {
                lastStarted = _lastStarted;
                previous = _running;
            }

            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var wait = lastStarted == long.MinValue ? TimeSpan.Zero : minimumInterval - clock.GetElapsedTime(lastStarted);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, clock).ConfigureAwait(false);

            long started;
            Task running;
            lock (_gate)
            {
                // From here on, callers arriving are not covered by this check (it may already have read): they schedule
                // the next one. The timestamp is taken inside the lock so "arrived" and "started" compare consistently.
                started = _lastStarted = clock.GetTimestamp();
                if (ReferenceEquals(_next, next)) _next = null;
                _running = running = check(CancellationToken.None);
            }

            await running.ConfigureAwait(false);
            lock (_gate)
            {
                if (started > _lastCompletedStart) _lastCompletedStart = started;
            }

            next.TrySetResult();
        }
        catch (Exception ex)
        {
            next.TrySetException(ex);
        }
    }
}
