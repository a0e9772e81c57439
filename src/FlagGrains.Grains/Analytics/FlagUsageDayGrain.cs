using FlagGrains.Contracts;
using FlagGrains.Contracts.Analytics;

namespace FlagGrains.Grains.Analytics;

/// <summary>One UTC day of counts: at most flags × variants × 24 entries, whatever the traffic.</summary>
public sealed class FlagUsageDayGrain(
    [PersistentState("flag-usage-day", ProviderNames.GrainStorage)] IPersistentState<FlagUsageDayState> state) : Grain, IFlagUsageDayGrain
{
    private Dictionary<(string Flag, string? Variant, int Hour), DayCount>? _index;

    private DateTimeOffset Start => new(GrainKeys.ParseFlagUsageDay(this.GetPrimaryKeyString()).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public async Task AddAsync(string batchId, IReadOnlyList<UsageCount> counts)
    {
        if (state.State.RecentBatches.Contains(batchId)) return;

        var index = _index ??= state.State.Counts.ToDictionary(c => (c.Flag, c.Variant, c.Hour));
        var start = Start;
        foreach (var count in counts)
        {
            var hour = (int)(count.Hour - start).TotalHours;
            if (hour is < 0 or > 23) continue;
            if (!index.TryGetValue((count.FlagKey, count.Variant, hour), out var stored))
            {
                stored = new DayCount { Flag = count.FlagKey, Variant = count.Variant, Hour = hour };
                index.Add((count.FlagKey, count.Variant, hour), stored);
                state.State.Counts.Add(stored);
            }

            stored.Count += count.Count;
        }

        state.State.RecentBatches.Add(batchId);
        if (state.State.RecentBatches.Count > FlagUsageGrain.BatchWindow)
            state.State.RecentBatches.RemoveRange(0, state.State.RecentBatches.Count - FlagUsageGrain.BatchWindow);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory must not keep the batch as applied: the retry has to add it again.
            _index = null;
            await state.ReadStateAsync();
            throw;
        }
    }

    public Task<IReadOnlyList<UsageCount>> ReadAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var start = Start;
        IReadOnlyList<UsageCount> counts = state.State.Counts
            .Select(c => new UsageCount(c.Flag, c.Variant, start.AddHours(c.Hour), c.Count, default))
            .Where(c => c.Hour.AddHours(1) > from && c.Hour < to)
            .ToList();
        return Task.FromResult(counts);
    }

    public async Task ClearAsync()
    {
        _index = null;
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}
