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
    private Task? _next;
    private long _nextStartsAfter = long.MinValue;
    private long _lastStarted = long.MinValue;
    private long _lastCompletedStart = long.MinValue;

    /// <summary>Waits for a check that started after this call; a failed check fails its waiters.</summary>
    public Task RunAsync()
    {
        var arrived = clock.GetTimestamp();
        lock (_gate)
        {
            if (_lastCompletedStart > arrived) return Task.CompletedTask;

            // A scheduled check that has not started yet starts after this caller arrived: share it.
            if (_next is { } scheduled && _nextStartsAfter <= arrived) return scheduled;

            _nextStartsAfter = arrived;
            return _next = StartAsync();
        }
    }

    private async Task StartAsync()
    {
        long started;
        Task previous;
        lock (_gate)
        {
            started = _lastStarted;
            previous = _running;
        }

        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var wait = started == long.MinValue ? TimeSpan.Zero : minimumInterval - clock.GetElapsedTime(started);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock).ConfigureAwait(false);
        else await Task.Yield();

        Task running;
        lock (_gate)
        {
            // From here on, callers arriving are not covered by this check (it may already have read): they schedule
            // the next one. The timestamp is taken inside the lock so "arrived" and "started" compare consistently.
            started = _lastStarted = clock.GetTimestamp();
            _next = null;
            _running = running = check(CancellationToken.None);
        }

        await running.ConfigureAwait(false);
        lock (_gate)
        {
            if (started > _lastCompletedStart) _lastCompletedStart = started;
        }
    }
}
