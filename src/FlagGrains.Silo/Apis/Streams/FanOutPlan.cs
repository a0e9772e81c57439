namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// How one change is spread over an environment's connections on a silo. Each notified client re-fetches at once,
/// so notifying 50 k clients in the same millisecond would hit the gateway with 50 k evaluations; sending in slices
/// over <c>connections / refetchesPerSecond</c> keeps the re-fetch rate flat while small audiences get it at once.
/// </summary>
public readonly record struct FanOutPlan(int Slices, int PerSlice, TimeSpan Interval)
{
    /// <summary>Granularity of the spread; finer slices would only add timer wake-ups.</summary>
    public static readonly TimeSpan SliceInterval = TimeSpan.FromMilliseconds(25);

    public static FanOutPlan For(int connections, int refetchesPerSecond, TimeSpan maxSpread)
    {
        if (connections <= 0) return new FanOutPlan(0, 0, TimeSpan.Zero);

        var spread = TimeSpan.FromSeconds((double)connections / Math.Max(1, refetchesPerSecond));
        if (spread > maxSpread) spread = maxSpread;
        var slices = (int)Math.Min(connections, Math.Floor(spread / SliceInterval) + 1);
        if (slices <= 1) return new FanOutPlan(1, connections, TimeSpan.Zero);

        return new FanOutPlan(slices, (connections + slices - 1) / slices, SliceInterval);
    }

    /// <summary>Time from the first slice to the last.</summary>
    public TimeSpan Spread => Interval * Math.Max(0, Slices - 1);
}
