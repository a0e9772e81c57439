namespace FlagGrains.Grains.Analytics;

/// <summary>Persisted per environment: small, whatever the traffic (one entry per flag, per day kept, per recent batch).</summary>
[GenerateSerializer, Alias("FlagGrains.FlagUsageState")]
public sealed class FlagUsageState
{
    [Id(0)] public Dictionary<string, DateTimeOffset> LastEvaluated { get; set; } = new(StringComparer.Ordinal);

    /// <summary>UTC days that have a day grain with counts, oldest first.</summary>
    [Id(1)] public List<DateOnly> Days { get; set; } = [];

    /// <summary>Recently applied batch ids, oldest first; a gateway retries only its latest batch, so a window suffices.</summary>
    [Id(2)] public List<string> RecentBatches { get; set; } = [];
}

/// <summary>Persisted per environment and day: counts per flag, variant and hour of the day.</summary>
[GenerateSerializer, Alias("FlagGrains.FlagUsageDayState")]
public sealed class FlagUsageDayState
{
    [Id(0)] public List<DayCount> Counts { get; set; } = [];

    [Id(1)] public List<string> RecentBatches { get; set; } = [];
}

[GenerateSerializer, Alias("FlagGrains.DayCount")]
public sealed class DayCount
{
    [Id(0)] public string Flag { get; set; } = "";

    [Id(1)] public string? Variant { get; set; }

    [Id(2)] public int Hour { get; set; }

    [Id(3)] public long Count { get; set; }
}
