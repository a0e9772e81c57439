namespace FlagGrains.Testing;

/// <summary>
/// A clock tests move by hand. Code under test schedules its delays through it, and a test can wait until a delay has
/// been scheduled (a signal, not a sleep) and then step past it, so timing behaviour is checked exactly.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<TaskCompletionSource> _changed = [];
    private DateTimeOffset _now = start;

    public ManualClock() : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Due times of the timers currently scheduled, earliest first.</summary>
    public IReadOnlyList<DateTimeOffset> Scheduled
    {
        get
        {
            lock (_gate) return [.. _timers.Select(t => t.Due).Order()];
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate) target = _now + by;
        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due <= target).MinBy(t => t.Due);
                if (next is null)
                {
                    _now = target;
                    break;
                }

                _now = next.Due;
                next.Fired();
            }

            next.Invoke();
        }

        Signal();
    }

    /// <summary>Waits (bounded, in real time) until the scheduled timers satisfy <paramref name="condition"/>.</summary>
    public async Task WaitUntilScheduledAsync(Func<IReadOnlyList<DateTimeOffset>, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(SignalTimeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition([.. _timers.Select(t => t.Due).Order()])) return;
                var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _changed.Add(source);
                changed = source.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for {what}; scheduled: [{string.Join(", ", Scheduled.Select(d => d - GetUtcNow()))}] from now.");
            }
        }
    }

    private void Schedule(ManualTimer timer, bool active)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (active) _timers.Add(timer);
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource[] waiting;
        lock (_gate)
        {
            waiting = [.. _changed];
            _changed.Clear();
        }

        foreach (var source in waiting) source.TrySetResult();
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                clock.Schedule(this, active: false);
                return true;
            }

            Due = clock.GetUtcNow() + dueTime;
            clock.Schedule(this, active: true);
            return true;
        }

        /// <summary>Called under the clock's lock when this timer fires: periodic timers come round again.</summary>
        public void Fired()
        {
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
                Due += _period;
            else
                clock._timers.Remove(this);
        }

        public void Invoke() => callback(state);

        public void Dispose() => clock.Schedule(this, active: false);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
