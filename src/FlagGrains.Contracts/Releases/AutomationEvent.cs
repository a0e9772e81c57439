using FlagGrains.Contracts.Audit;

namespace FlagGrains.Contracts.Releases;

/// <summary>
/// What automation did, for whoever listens (logs today; webhooks later). <see cref="Type"/> is one of
/// <c>release.started</c>, <c>release.step</c>, <c>release.paused</c>, <c>release.resumed</c>, <c>release.completed</c>,
/// <c>release.rolled-back</c>, <c>release.failed</c>, <c>scheduled-change.applied</c>, <c>scheduled-change.failed</c>,
/// <c>scheduled-change.cancelled</c>. Published after the change was stored.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.AutomationEvent")]
public sealed record AutomationEvent(
    [property: Id(0)] string Type,
    [property: Id(1)] string EnvironmentKey,
    [property: Id(2)] string SourceId,
    [property: Id(3)] IReadOnlyList<string> Flags,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] long? Version,
    [property: Id(6)] int? Step,
    [property: Id(7)] int? Percent,
    [property: Id(8)] string? Reason,
    [property: Id(9)] ChangeContext Actor);
