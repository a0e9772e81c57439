using System.Collections.Concurrent;

namespace FlagGrains.Silo.Apis.Http;

/// <summary>
/// Requests per key in fixed one-second windows, counted with one compare-and-swap per request and no allocation once
/// a key has its counter. Bounded: counters idle for a whole window are swept every <see cref="SweepSeconds"/>, and
/// past <paramref name="capacity"/> keys a new key shares one overflow counter until a sweep makes room, so a flood
/// of addresses costs a fixed amount of memory (and, while it lasts, shares one budget).
/// </summary>
public sealed class FixedWindowCounters<TKey>(int permitsPerSecond, int capacity, TimeProvider clock) where TKey : notnull
{
    public const int SweepSeconds = 10;

    // A counter's state is one long, so a window change and a count change cannot tear: the window (seconds of the
    // clock's timestamp) above, the count in the low bits.
    private const int CountBits = 24;
    private const long CountMask = (1L << CountBits) - 1;

    /// <summary>Largest limit the state can count.</summary>
    public const int MaxPermitsPerSecond = (int)CountMask;

    private readonly ConcurrentDictionary<TKey, Counter> _counters = new();
    private readonly Counter _overflow = new();
    private long _nextSweep = Window(clock) + SweepSeconds;

    // Kept beside the table: ConcurrentDictionary.Count takes every lock of the table, once per new key in a flood.
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Takes one permit from <paramref name="key"/>'s current window, or says how long until the next one.</summary>
    public bool TryTake(TKey key, out TimeSpan retryAfter)
    {
        var now = clock.GetTimestamp();
        var window = now / clock.TimestampFrequency;
        var counter = _counters.TryGetValue(key, out var held) ? held : Add(key);
        while (true)
        {
            var state = Volatile.Read(ref counter.State);
            long next;
            if (state >> CountBits != window) next = (window << CountBits) | 1;
            else if ((state & CountMask) >= permitsPerSecond)
            {
                retryAfter = TimeSpan.FromSeconds((double)(((window + 1) * clock.TimestampFrequency) - now) / clock.TimestampFrequency);
                return false;
            }
            else next = state + 1;

            if (Interlocked.CompareExchange(ref counter.State, next, state) == state) break;
        }

        if (window >= Volatile.Read(ref _nextSweep)) Sweep(window);
        retryAfter = TimeSpan.Zero;
        return true;
    }

    private Counter Add(TKey key)
    {
        if (Volatile.Read(ref _count) >= capacity) return _overflow;
        var added = new Counter();
        if (!_counters.TryAdd(key, added)) return _counters.TryGetValue(key, out var raced) ? raced : _overflow;
        Interlocked.Increment(ref _count);
        return added;
    }

    private void Sweep(long window)
    {
        var due = Volatile.Read(ref _nextSweep);
        if (window < due || Interlocked.CompareExchange(ref _nextSweep, window + SweepSeconds, due) != due) return;

        // A counter last used before the previous window has nothing left to limit. One removed while a request
        // counts in it loses that request's count: at most one request more in that window.
        foreach (var (key, counter) in _counters)
        {
            if (Volatile.Read(ref counter.State) >> CountBits < window - 1 && _counters.TryRemove(new KeyValuePair<TKey, Counter>(key, counter)))
                Interlocked.Decrement(ref _count);
        }
    }

    private static long Window(TimeProvider clock) => clock.GetTimestamp() / clock.TimestampFrequency;

    private sealed class Counter
    {
        public long State;
    }
}
