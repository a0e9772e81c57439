using FlagGrains.Contracts.Analytics;

namespace FlagGrains.AdminConsole.Workspace;

/// <summary>
/// A flag's evaluations per variant and UTC hour, every hour of the window present (zero when nothing was counted), as
/// the evaluation chart draws them. Counts reach the usage grain when gateways flush, so the last hour trails traffic.
/// </summary>
public sealed record UsageSeries(IReadOnlyList<DateTimeOffset> Hours, IReadOnlyList<VariantSeries> Variants)
{
    /// <summary>Name shown for evaluations that produced no variant (errors, disabled flags, code defaults).</summary>
    public const string NoVariant = "(no variant)";

    public long Max => Variants.Count == 0 ? 0 : Variants.Max(v => v.Counts.Count == 0 ? 0 : v.Counts.Max());

    public long Total => Variants.Sum(v => v.Total);

    public static UsageSeries From(IEnumerable<HourlyVariantCount> counts, DateTimeOffset from, DateTimeOffset to)
    {
        var hours = new List<DateTimeOffset>();
        for (var hour = Hour(from); hour <= to; hour = hour.AddHours(1)) hours.Add(hour);
        var index = hours.Select((hour, i) => (hour, i)).ToDictionary(h => h.hour, h => h.i);

        var variants = counts
            .Where(c => index.ContainsKey(Hour(c.Hour)))
            .GroupBy(c => c.Variant ?? NoVariant, StringComparer.Ordinal)
            .OrderBy(g => g.Key == NoVariant).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var perHour = new long[hours.Count];
                foreach (var count in g) perHour[index[Hour(count.Hour)]] += count.Count;
                return new VariantSeries(g.Key, perHour, perHour.Sum());
            })
            .ToList();
        return new UsageSeries(hours, variants);
    }

    public static DateTimeOffset Hour(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}

/// <summary>One variant's count in each hour of the series.</summary>
public sealed record VariantSeries(string Variant, IReadOnlyList<long> Counts, long Total);
