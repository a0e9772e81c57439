using FlagGrains.Contracts.Audit;

namespace FlagGrains.Contracts.Releases;

[GenerateSerializer, Alias("FlagGrains.ReleaseStatus")]
public enum ReleaseStatus
{
    Scheduled = 0,
    Running = 1,
    Paused = 2,
    Completed = 3,
    RolledBack = 4,
    Failed = 5,
}

/// <summary>
/// A release as people see it. <see cref="CurrentStep"/> is the index of the step in effect (null before the first),
/// <see cref="Percent"/> the share of users it currently gives the variant, <see cref="NextStepAt"/> when the next step
/// (or the start, or completion after the last hold) is due. <see cref="History"/> lists every step with the
/// environment version it wrote, oldest first.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ReleaseView")]
public sealed record ReleaseView(
    [property: Id(0)] string Id,
    [property: Id(1)] ReleaseDefinition Definition,
    [property: Id(2)] ReleaseStatus Status,
    [property: Id(3)] int? CurrentStep,
    [property: Id(4)] int Percent,
    [property: Id(5)] DateTimeOffset? NextStepAt,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] ChangeContext CreatedBy,
    [property: Id(8)] DateTimeOffset? EndedAt,
    [property: Id(9)] string? Reason,
    [property: Id(10)] IReadOnlyList<ReleaseHistoryEntry> History,
    [property: Id(11)] StepOutcome? Outcome)
{
    /// <summary>Scheduled, running or paused: the release still owns its flag's split.</summary>
    public bool IsActive => Status is ReleaseStatus.Scheduled or ReleaseStatus.Running or ReleaseStatus.Paused;
}

/// <summary>
/// Something that happened to a release. <see cref="Event"/> is one of <c>step</c>, <c>paused</c>, <c>resumed</c>,
/// <c>signal</c>, <c>rolled-back</c>, <c>completed</c>, <c>failed</c>; <see cref="Version"/> is the environment version a
/// write produced, <see cref="DueAt"/> when a step or completion was due (<see cref="At"/> is when it happened).
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ReleaseHistoryEntry")]
public sealed record ReleaseHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Event,
    [property: Id(2)] int? Step,
    [property: Id(3)] int? Percent,
    [property: Id(4)] long? Version,
    [property: Id(5)] string Actor,
    [property: Id(6)] string? Detail,
    [property: Id(7)] DateTimeOffset? DueAt = null);

/// <summary>Evaluations of the flag counted by the gateways since the current step began, as last checked.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.StepOutcome")]
public sealed record StepOutcome(
    [property: Id(0)] long Evaluations,
    [property: Id(1)] long Errors,
    [property: Id(2)] DateTimeOffset CheckedAt);
