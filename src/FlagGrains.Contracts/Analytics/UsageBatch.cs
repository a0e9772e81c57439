namespace FlagGrains.Contracts.Analytics;

/// <summary>What one gateway counted since its last flush.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.UsageBatch")]
public sealed record UsageBatch(
    [property: Id(0)] string BatchId,
    [property: Id(1)] IReadOnlyList<UsageCount> Counts);

/// <summary>Evaluations of one flag answered with one variant (null: no variant, e.g. an error or a code default) in one UTC hour.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.UsageCount")]
public sealed record UsageCount(
    [property: Id(0)] string FlagKey,
    [property: Id(1)] string? Variant,
    [property: Id(2)] DateTimeOffset Hour,
    [property: Id(3)] long Count,
    [property: Id(4)] DateTimeOffset LastEvaluated);
