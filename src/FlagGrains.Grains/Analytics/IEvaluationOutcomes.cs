using FlagGrains.Contracts.Analytics;

namespace FlagGrains.Grains.Analytics;

/// <summary>
/// The one seam through which automation reads evaluation tallies: totals of a flag per silo incarnation (the silo's
/// identity, which changes with a restart), each counted since that silo started. Callers keep their own baseline.
/// </summary>
public interface IEvaluationOutcomes
{
    Task<IReadOnlyDictionary<string, OutcomeCounts>> ReadAsync(string environmentKey, string flagKey);
}
