using Orleans.Concurrency;

namespace FlagGrains.Contracts.Analytics;

/// <summary>
/// What one silo's gateways counted for a flag since that silo started (keyed by the silo's identity, and always
/// activated on that silo). Release guardrails sum it over the cluster's active silos.
/// </summary>
[Alias("FlagGrains.ISiloEvaluationOutcomesGrain")]
public interface ISiloEvaluationOutcomesGrain : IGrainWithStringKey
{
    [Alias("Read"), ReadOnly]
    Task<OutcomeCounts> ReadAsync(string environmentKey, string flagKey);
}

/// <summary>Evaluations of a flag, and how many of them ended with reason ERROR.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.OutcomeCounts")]
public readonly record struct OutcomeCounts([property: Id(0)] long Evaluations, [property: Id(1)] long Errors);
