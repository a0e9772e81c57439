namespace FlagGrains.Mobile.Sync;

/// <summary>
/// Wakes a loop: many signals before it looks collapse into one, and a signal sent while it is busy is not lost.
/// Waits time out on the client's clock, so tests can drive timing by hand.
/// </summary>
internal sealed class AsyncSignal(TimeProvider clock)
{
    private readonly SemaphoreSlim _permit = new(0, 1);

    public void Set()
    {
        if (_permit.CurrentCount != 0) return;
        try
        {
            _permit.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    /// <summary>
    /// True when signalled, false when the clock reached <paramref name="due"/> first (<see cref="DateTimeOffset.MaxValue"/>:
    /// no deadline). The remaining time is read off the clock at the last moment: a wait computed earlier from a stale
    /// "now" would end late by however long the caller took to get here.
    /// </summary>
    public Task<bool> WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        if (due == DateTimeOffset.MaxValue) return WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);

        // A pending signal is taken without arming a timer, so no timer is left behind for a waiter that never slept.
        if (_permit.Wait(0, CancellationToken.None)) return Task.FromResult(true);
        return WaitAsync(due - clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>True when signalled, false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            await _permit.WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (timeout <= TimeSpan.Zero) return _permit.Wait(0, CancellationToken.None);

        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = _permit.WaitAsync(race.Token);
        var elapsed = clock.Delay(timeout, race.Token);
        await Task.WhenAny(signalled, elapsed).ConfigureAwait(false);
        race.Cancel();
        try
        {
            // The permit may have been taken just as the delay won; it counts, or that signal would be lost.
            await signalled.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }
}
