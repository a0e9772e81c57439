using FlagGrains.Contracts.Analytics;
using FlagGrains.Grains.Placement;

namespace FlagGrains.Grains.Analytics;

/// <summary>This silo's evaluation tallies of one flag, for callers elsewhere in the cluster.</summary>
[SiloBoundPlacement]
public sealed class SiloEvaluationOutcomesGrain(EvaluationUsage usage) : Grain, ISiloEvaluationOutcomesGrain
{
    public Task<OutcomeCounts> ReadAsync(string environmentKey, string flagKey) => Task.FromResult(usage.ReadOutcomes(environmentKey, flagKey));
}
