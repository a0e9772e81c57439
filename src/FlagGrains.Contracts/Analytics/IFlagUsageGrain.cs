using Orleans.Concurrency;

namespace FlagGrains.Contracts.Analytics;

/// <summary>
/// Evaluation counts of one environment (keyed like the environment grain). Gateways aggregate in memory and flush
/// batches here periodically, so evaluation traffic never turns into per-request writes.
/// </summary>
[Alias("FlagGrains.IFlagUsageGrain")]
public interface IFlagUsageGrain : IGrainWithStringKey
{
    /// <summary>Adds a gateway's batch; a batch seen before (by <see cref="UsageBatch.BatchId"/>) is ignored, so a retried flush does not double-count.</summary>
    [Alias("Record")]
    Task RecordAsync(UsageBatch batch);

    /// <summary>Per-flag usage in the hours of [<paramref name="from"/>, <paramref name="to"/>), plus each flag's last evaluation ever seen.</summary>
    [Alias("Read"), ReadOnly]
    Task<FlagUsageReport> ReadAsync(DateTimeOffset from, DateTimeOffset to);
}
