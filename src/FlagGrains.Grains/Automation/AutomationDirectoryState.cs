using FlagGrains.Contracts.Automation;

namespace FlagGrains.Grains.Automation;

/// <summary>Persisted per environment: summaries of its releases and scheduled changes, newest last.</summary>
[GenerateSerializer, Alias("FlagGrains.AutomationDirectoryState")]
public sealed class AutomationDirectoryState
{
    [Id(0)] public List<ReleaseSummary> Releases { get; set; } = [];

    [Id(1)] public List<ScheduledChangeSummary> ScheduledChanges { get; set; } = [];
}
