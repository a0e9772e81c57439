using FlagGrains.Contracts;
using FlagGrains.Contracts.Analytics;
using Microsoft.Extensions.Options;

namespace FlagGrains.Grains.Analytics;

/// <summary>
/// Evaluation usage of one environment: last evaluation per flag here, hourly counts in one grain per UTC day. A flush
/// writes this small state plus the day it touches; days past the retention are deleted.
/// </summary>
public sealed class FlagUsageGrain(
    [PersistentState("flag-usage", ProviderNames.GrainStorage)] IPersistentState<FlagUsageState> state,
    TimeProvider clock,
    IOptions<AnalyticsOptions> options) : Grain, IFlagUsageGrain
{
    /// <summary>Batches remembered for idempotency; each silo retries only its latest, so this covers many silos.</summary>
    internal const int BatchWindow = 512;

    private string Key => this.GetPrimaryKeyString();

    public async Task RecordAsync(UsageBatch batch)
    {
        if (state.State.RecentBatches.Contains(batch.BatchId)) return;

        var oldest = clock.GetUtcNow() - options.Value.Retention;
        var kept = batch.Counts.Where(c => c.Hour.AddHours(1) > oldest && c.Count > 0);
        foreach (var day in kept.GroupBy(c => DateOnly.FromDateTime(c.Hour.UtcDateTime)))
        {
            // The day grain checks the batch id too, so a retry after a failure between the two writes adds nothing twice.
            await Day(day.Key).AddAsync(batch.BatchId, day.ToList());
            var at = state.State.Days.BinarySearch(day.Key);
            if (at < 0) state.State.Days.Insert(~at, day.Key);
        }

        foreach (var count in batch.Counts)
        {
            if (!state.State.LastEvaluated.TryGetValue(count.FlagKey, out var last) || count.LastEvaluated > last)
                state.State.LastEvaluated[count.FlagKey] = count.LastEvaluated;
        }

        await PruneAsync(oldest);
        state.State.RecentBatches.Add(batch.BatchId);
        if (state.State.RecentBatches.Count > BatchWindow) state.State.RecentBatches.RemoveRange(0, state.State.RecentBatches.Count - BatchWindow);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory must not keep the batch as applied: the gateway retries it, and the days ignore what they have.
            await state.ReadStateAsync();
            throw;
        }
    }

    public async Task<FlagUsageReport> ReadAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var firstDay = DateOnly.FromDateTime(from.UtcDateTime);
        var lastDay = DateOnly.FromDateTime(to.UtcDateTime);
        var reads = state.State.Days.Where(d => d >= firstDay && d <= lastDay).Select(d => Day(d).ReadAsync(from, to));
        var counts = (await Task.WhenAll(reads)).SelectMany(c => c).ToLookup(c => c.FlagKey, StringComparer.Ordinal);

        var flags = state.State.LastEvaluated
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new FlagUsage(
                f.Key,
                f.Value,
                counts[f.Key].OrderBy(c => c.Hour).ThenBy(c => c.Variant, StringComparer.Ordinal)
                    .Select(c => new HourlyVariantCount(c.Hour, c.Variant, c.Count)).ToList()))
            .ToList();
        return new FlagUsageReport(flags);
    }

    private async Task PruneAsync(DateTimeOffset oldest)
    {
        var oldestDay = DateOnly.FromDateTime(oldest.UtcDateTime);
        while (state.State.Days.Count > 0 && state.State.Days[0] < oldestDay)
        {
            await Day(state.State.Days[0]).ClearAsync();
            state.State.Days.RemoveAt(0);
        }

        // Past the retention a flag reads as "not evaluated", which is what a stale listing reports anyway.
        foreach (var flag in state.State.LastEvaluated.Where(f => f.Value < oldest).Select(f => f.Key).ToList())
            state.State.LastEvaluated.Remove(flag);
    }

    private IFlagUsageDayGrain Day(DateOnly day) => GrainFactory.GetGrain<IFlagUsageDayGrain>(GrainKeys.FlagUsageDay(Key, day));
}
