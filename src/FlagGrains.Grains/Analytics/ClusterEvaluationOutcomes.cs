using FlagGrains.Contracts.Analytics;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Grains.Analytics;

/// <summary>Asks every active silo for its tallies of a flag. A silo that does not answer is left out of this reading.</summary>
public sealed partial class ClusterEvaluationOutcomes(
    IClusterMembershipService membership, IGrainFactory grains, ILogger<ClusterEvaluationOutcomes> logger) : IEvaluationOutcomes
{
    private static readonly TimeSpan PerSiloTimeout = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyDictionary<string, OutcomeCounts>> ReadAsync(string environmentKey, string flagKey)
    {
        var silos = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress.ToParsableString())
            .ToList();
        var readings = await Task.WhenAll(silos.Select(async silo =>
        {
            try
            {
                var counts = await grains.GetGrain<ISiloEvaluationOutcomesGrain>(silo).ReadAsync(environmentKey, flagKey).WaitAsync(PerSiloTimeout);
                return (silo, counts: (OutcomeCounts?)counts);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSiloUnread(logger, ex, silo, environmentKey);
                return (silo, counts: null);
            }
        }));
        return readings.Where(r => r.counts is not null).ToDictionary(r => r.silo, r => r.counts!.Value, StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation tallies of silo {Silo} for {Environment} could not be read; that silo is left out of this guardrail check")]
    private static partial void LogSiloUnread(ILogger logger, Exception ex, string silo, string environment);
}
