using FlagGrains.Contracts.Analytics;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Grains.Analytics;

/// <summary>Delivers a silo's pending evaluation counts of one environment to that environment's usage grain.</summary>
public sealed partial class UsageFlusher(EvaluationUsage usage, IGrainFactory grains, ILogger<UsageFlusher> logger)
{
    /// <summary>Sends what is pending; on failure the same batch (same id) is sent next time.</summary>
    public async Task FlushAsync(string environmentKey)
    {
        if (usage.TakeBatch(environmentKey) is not { } batch) return;
        await grains.GetGrain<IFlagUsageGrain>(environmentKey).RecordAsync(batch);
        usage.Acknowledge(environmentKey, batch.BatchId);
    }

    /// <summary>For timers and deactivation: a failed flush only delays the counts.</summary>
    public async Task FlushQuietlyAsync(string environmentKey)
    {
        try
        {
            await FlushAsync(environmentKey);
        }
        catch (Exception ex)
        {
            LogFlushFailed(logger, ex, environmentKey);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation counts of {Environment} stay pending on this silo until the usage grain is reachable")]
    private static partial void LogFlushFailed(ILogger logger, Exception ex, string environment);
}
