namespace FlagGrains.Grains.Analytics;

/// <summary>Bound from <c>FlagGrains:Analytics</c>: evaluation counts kept per flag, variant and UTC hour.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "FlagGrains:Analytics";

    /// <summary>How often each gateway sends what it counted to its environment's usage grain (and on deactivation).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Hourly counts older than this are pruned.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A flag not evaluated for this long is listed as stale, unless the request asks for another period.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(30);
}
