using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Releases;

namespace FlagGrains.Contracts.Schedules;

/// <summary>Flags to set (a flagd definition) or remove (null) in one write at <see cref="At"/>.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ScheduledChangeDefinition")]
public sealed record ScheduledChangeDefinition(
    [property: Id(0)] string EnvironmentKey,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] IReadOnlyDictionary<string, string?> Flags);

[GenerateSerializer, Alias("FlagGrains.ScheduledChangeStatus")]
public enum ScheduledChangeStatus
{
    Scheduled = 0,
    Applied = 1,
    Failed = 2,
    Cancelled = 3,
}

/// <summary>A scheduled change and what became of it: the version it wrote, or why it failed (then it changed nothing).</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ScheduledChangeView")]
public sealed record ScheduledChangeView(
    [property: Id(0)] string Id,
    [property: Id(1)] ScheduledChangeDefinition Definition,
    [property: Id(2)] ScheduledChangeStatus Status,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] ChangeContext CreatedBy,
    [property: Id(5)] DateTimeOffset? EndedAt,
    [property: Id(6)] long? Version,
    [property: Id(7)] string? Reason,
    [property: Id(8)] IReadOnlyList<FlagSetProblem> Problems);

[GenerateSerializer, Immutable, Alias("FlagGrains.ScheduledChangeResult")]
public sealed record ScheduledChangeResult(
    [property: Id(0)] AutomationCommandStatus Status,
    [property: Id(1)] ScheduledChangeView? Change,
    [property: Id(2)] IReadOnlyList<FlagSetProblem> Problems,
    [property: Id(3)] string? Message)
{
    public static ScheduledChangeResult Done(ScheduledChangeView change) => new(AutomationCommandStatus.Done, change, [], null);

    public static ScheduledChangeResult Invalid(IReadOnlyList<FlagSetProblem> problems) => new(AutomationCommandStatus.Invalid, null, problems, null);

    public static ScheduledChangeResult Conflict(string message, ScheduledChangeView? change = null) => new(AutomationCommandStatus.Conflict, change, [], message);

    public static ScheduledChangeResult NotFound(string message) => new(AutomationCommandStatus.NotFound, null, [], message);

    public static ScheduledChangeResult ApprovalRequired(string message) => new(AutomationCommandStatus.ApprovalRequired, null, [], message);
}
