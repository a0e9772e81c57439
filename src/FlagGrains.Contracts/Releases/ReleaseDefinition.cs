namespace FlagGrains.Contracts.Releases;

/// <summary>
/// A progressive rollout of one flag: <see cref="Variant"/> goes to a growing share of users, step by step, and
/// <see cref="Baseline"/> to the rest. Starts at <see cref="StartAt"/> (null: at once).
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ReleaseDefinition")]
public sealed record ReleaseDefinition(
    [property: Id(0)] string EnvironmentKey,
    [property: Id(1)] string Flag,
    [property: Id(2)] string Variant,
    [property: Id(3)] string Baseline,
    [property: Id(4)] IReadOnlyList<ReleaseStep> Steps,
    [property: Id(5)] DateTimeOffset? StartAt,
    [property: Id(6)] ReleaseGuardrails? Guardrails);

/// <summary>One step: the percentage of users that get the variant, held for <see cref="Hold"/> before the next step.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ReleaseStep")]
public sealed record ReleaseStep([property: Id(0)] int Percent, [property: Id(1)] TimeSpan? Hold);

/// <summary>Roll back by itself when the share of ERROR evaluations at a step exceeds <see cref="MaxErrorRate"/>, judged after <see cref="MinEvaluations"/>.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ReleaseGuardrails")]
public sealed record ReleaseGuardrails([property: Id(0)] double MaxErrorRate, [property: Id(1)] long MinEvaluations);
