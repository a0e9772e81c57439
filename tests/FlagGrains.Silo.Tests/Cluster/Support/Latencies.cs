namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>Summary of measured durations, for the figures the tests report.</summary>
public sealed class Latencies(IEnumerable<TimeSpan> samples)
{
    private readonly TimeSpan[] _sorted = samples.Order().ToArray();

    public int Count => _sorted.Length;

    public TimeSpan Max => _sorted.Length == 0 ? TimeSpan.Zero : _sorted[^1];

    public TimeSpan Percentile(double p) =>
        _sorted.Length == 0 ? TimeSpan.Zero : _sorted[Math.Clamp((int)Math.Ceiling(p / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public override string ToString() =>
        $"p50 {Ms(Percentile(50))} / p99 {Ms(Percentile(99))} / max {Ms(Max)} ms over {Count}";

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
