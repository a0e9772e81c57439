using FlagGrains.Contracts.Analytics;
using Orleans.Concurrency;

namespace FlagGrains.Grains.Analytics;

/// <summary>
/// One UTC day of one environment's hourly counts (<c>{environment}@{yyyy-MM-dd}</c>). Days are separate grains so a
/// flush rewrites one day's state, not the whole retention window.
/// </summary>
[Alias("FlagGrains.IFlagUsageDayGrain")]
public interface IFlagUsageDayGrain : IGrainWithStringKey
{
    /// <summary>Adds counts of this day; a batch id seen before is ignored.</summary>
    [Alias("Add")]
    Task AddAsync(string batchId, IReadOnlyList<UsageCount> counts);

    /// <summary>Counts in the hours of [from, to).</summary>
    [Alias("Read"), ReadOnly]
    Task<IReadOnlyList<UsageCount>> ReadAsync(DateTimeOffset from, DateTimeOffset to);

    /// <summary>Deletes the day (retention).</summary>
    [Alias("Clear")]
    Task ClearAsync();
}
