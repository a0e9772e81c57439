using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Schedules;

namespace FlagGrains.Grains.Schedules;

/// <summary>Persisted state of a scheduled change (type name and plain collections: see ReleaseState).</summary>
[GenerateSerializer, Alias("FlagGrains.ScheduledChangeState")]
public sealed class ScheduledChangeState
{
    [Id(0)] public ScheduledChangeDefinition? Definition { get; set; }
    [Id(1)] public ScheduledChangeStatus Status { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public ChangeContext? CreatedBy { get; set; }
    [Id(4)] public DateTimeOffset? EndedAt { get; set; }
    [Id(5)] public long? Version { get; set; }
    [Id(6)] public string? Reason { get; set; }
    [Id(7)] public List<FlagSetProblem> Problems { get; set; } = [];

    public bool Exists => Definition is not null;
}
