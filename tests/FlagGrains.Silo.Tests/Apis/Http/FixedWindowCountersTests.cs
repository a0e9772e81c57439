using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Tests.Apis.Http;

public sealed class FixedWindowCountersTests
{
    [Fact]
    public void A_key_gets_its_limit_per_second_and_is_told_when_the_next_window_opens()
    {
        var clock = new SteppedClock(seconds: 100.25);
        var counters = new FixedWindowCounters<string>(permitsPerSecond: 3, capacity: 10, clock);

        for (var i = 0; i < 3; i++) Assert.True(counters.TryTake("a", out _));
        Assert.False(counters.TryTake("a", out var retryAfter));
        Assert.Equal(0.75, retryAfter.TotalSeconds, precision: 6);

        clock.Seconds = 101;
        Assert.True(counters.TryTake("a", out _));
    }

    [Fact]
    public void Keys_do_not_share_a_window()
    {
        var counters = new FixedWindowCounters<string>(permitsPerSecond: 1, capacity: 10, new SteppedClock(seconds: 5));

        Assert.True(counters.TryTake("a", out _));
        Assert.False(counters.TryTake("a", out _));
        Assert.True(counters.TryTake("b", out _));
    }

    [Fact]
    public void Past_capacity_new_keys_share_one_window_and_idle_keys_are_swept()
    {
        var clock = new SteppedClock(seconds: 1_000);
        var counters = new FixedWindowCounters<int>(permitsPerSecond: 2, capacity: 3, clock);
        foreach (var key in new[] { 1, 2, 3 }) Assert.True(counters.TryTake(key, out _));

        // The table is full: keys 4 and 5 share the overflow window's two permits.
        Assert.True(counters.TryTake(4, out _));
        Assert.True(counters.TryTake(5, out _));
        Assert.False(counters.TryTake(6, out _));
        Assert.Equal(3, counters.Count);

        // Keys 1–3 were last used ten seconds ago; the first request after the sweep period removes them.
        clock.Seconds += FixedWindowCounters<int>.SweepSeconds;
        Assert.True(counters.TryTake(7, out _));
        Assert.True(counters.TryTake(8, out _));
        Assert.True(counters.Count <= 2, $"{counters.Count} counters left");
    }

    [Fact]
    public void Concurrent_requests_never_exceed_the_limit()
    {
        var counters = new FixedWindowCounters<string>(permitsPerSecond: 1_000, capacity: 10, new SteppedClock(seconds: 7));
        var granted = 0;
        Parallel.For(0, 5_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, attempt =>
        {
            if (counters.TryTake("one-key", out _)) Interlocked.Increment(ref granted);
        });

        Assert.Equal(1_000, granted);
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class SteppedClock(double seconds) : TimeProvider
    {
        public double Seconds { get; set; } = seconds;

        public override long TimestampFrequency => 1_000_000;

        public override long GetTimestamp() => (long)(Seconds * TimestampFrequency);
    }
}
