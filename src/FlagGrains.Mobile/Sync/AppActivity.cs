namespace FlagGrains.Mobile.Sync;

/// <summary>
/// Whether the app is in use. Streams and polls only run in the foreground; a backgrounded app keeps its stream for
/// the inactivity delay (the app may come straight back) and then closes it. After that the app is "inactive": on
/// resume, values may be arbitrarily old, so ADR-0008 asks for a full unconditional re-fetch. The timer's callback
/// runs on a timer thread, so it only posts to the loop; a stale one (from an earlier trip to the background) is
/// recognised by its number and ignored. Used by the sync loop only.
/// </summary>
internal sealed class AppActivity(TimeProvider clock)
{
    private ITimer? _timer;
    private int _backgrounded;

    public bool Foreground { get; private set; } = true;

    /// <summary>Backgrounded for longer than the inactivity delay; cleared on resume.</summary>
    public bool Inactive { get; private set; }

    /// <summary>Foreground and not yet closed for inactivity: streams and polls may run.</summary>
    public bool Active => Foreground && !Inactive;

    /// <summary>Starts the inactivity delay; <paramref name="elapsed"/> gets the number to hand to <see cref="Elapsed"/>.</summary>
    public void Background(TimeSpan delay, Action<int> elapsed)
    {
        if (!Foreground) return;
        Foreground = false;
        var trip = ++_backgrounded;
        _timer?.Dispose();
        _timer = clock.CreateTimer(_ => elapsed(trip), null, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>True when this trip to the background lasted the whole delay: the app is now inactive.</summary>
    public bool Elapsed(int trip)
    {
        if (Foreground || trip != _backgrounded || Inactive) return false;
        Inactive = true;
        return true;
    }

    /// <summary>Back in the foreground; returns whether the app had become inactive meanwhile.</summary>
    public bool Resume()
    {
        _timer?.Dispose();
        _timer = null;
        var wasInactive = Inactive;
        Foreground = true;
        Inactive = false;
        return wasInactive;
    }

    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
