using System.Globalization;

namespace FlagGrains.Load;

/// <summary>Nearest-rank percentiles over a finished sample, in milliseconds.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sortedMillis, double percentile)
    {
        if (sortedMillis.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percentile / 100 * sortedMillis.Count);
        return sortedMillis[Math.Clamp(rank - 1, 0, sortedMillis.Count - 1)];
    }

    /// <summary>"p50 12.3 ms, p99 45.6 ms, max 50.1 ms (n=200)".</summary>
    public static string Describe(IEnumerable<double> millis)
    {
        var sorted = millis.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {Of(sorted, 50):F1} ms, p99 {Of(sorted, 99):F1} ms, max {(sorted.Count == 0 ? double.NaN : sorted[^1]):F1} ms (n={sorted.Count})");
    }

    /// <summary>The machine-readable result line run.sh collects: <c>RESULT\tscenario\tkey=value...</c>.</summary>
    public static void Report(string scenario, IEnumerable<double> millis, params (string Name, string Value)[] extra)
    {
        var sorted = millis.Order().ToList();
        var fields = new List<string>
        {
            "RESULT", scenario,
            string.Create(CultureInfo.InvariantCulture, $"p50={Of(sorted, 50):F1}"),
            string.Create(CultureInfo.InvariantCulture, $"p99={Of(sorted, 99):F1}"),
            string.Create(CultureInfo.InvariantCulture, $"max={(sorted.Count == 0 ? double.NaN : sorted[^1]):F1}"),
            string.Create(CultureInfo.InvariantCulture, $"n={sorted.Count}"),
        };
        fields.AddRange(extra.Select(e => $"{e.Name}={e.Value}"));
        Console.WriteLine(string.Join('\t', fields));
    }
}
