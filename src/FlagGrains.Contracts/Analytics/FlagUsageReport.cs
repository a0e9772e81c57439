namespace FlagGrains.Contracts.Analytics;

/// <summary>Usage of every flag that was evaluated at least once (flags never evaluated are absent).</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.FlagUsageReport")]
public sealed record FlagUsageReport(
    [property: Id(0)] IReadOnlyList<FlagUsage> Flags);

/// <summary>One flag: when it was last evaluated, and its counts per hour and variant within the asked window.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.FlagUsage")]
public sealed record FlagUsage(
    [property: Id(0)] string FlagKey,
    [property: Id(1)] DateTimeOffset LastEvaluated,
    [property: Id(2)] IReadOnlyList<HourlyVariantCount> Hours);

/// <summary>Evaluations of a flag answered with <see cref="Variant"/> in the UTC hour starting at <see cref="Hour"/>.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.HourlyVariantCount")]
public sealed record HourlyVariantCount(
    [property: Id(0)] DateTimeOffset Hour,
    [property: Id(1)] string? Variant,
    [property: Id(2)] long Count);
