using FlagGrains.Contracts.Releases;
using FlagGrains.Contracts.Schedules;
using Orleans.Concurrency;

namespace FlagGrains.Contracts.Automation;

/// <summary>
/// The releases and scheduled changes of one environment (keyed like the environment grain), for listing, and the one
/// place that decides "only one active release per flag". The release and scheduled-change grains are the truth about
/// themselves; this grain keeps their summaries.
/// </summary>
[Alias("FlagGrains.IAutomationDirectoryGrain")]
public interface IAutomationDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Claims <paramref name="flag"/> for a new release; returns the id of the active release holding it, or null when claimed.</summary>
    [Alias("ClaimFlag")]
    Task<string?> ClaimFlagAsync(string flag, string releaseId);

    /// <summary>Drops a release that was never created (its definition was refused after the claim).</summary>
    [Alias("Forget")]
    Task ForgetReleaseAsync(string releaseId);

    /// <summary>Records a release's current summary; one that ended frees its flag.</summary>
    [Alias("RecordRelease")]
    Task RecordReleaseAsync(ReleaseSummary summary);

    [Alias("ListReleases"), ReadOnly]
    Task<IReadOnlyList<ReleaseSummary>> ListReleasesAsync();

    [Alias("RecordScheduledChange")]
    Task RecordScheduledChangeAsync(ScheduledChangeSummary summary);

    [Alias("ListScheduledChanges"), ReadOnly]
    Task<IReadOnlyList<ScheduledChangeSummary>> ListScheduledChangesAsync();
}

[GenerateSerializer, Immutable, Alias("FlagGrains.ReleaseSummary")]
public sealed record ReleaseSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Flag,
    [property: Id(2)] string Variant,
    [property: Id(3)] ReleaseStatus Status,
    [property: Id(4)] int Percent,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? NextStepAt)
{
    public bool IsActive => Status is ReleaseStatus.Scheduled or ReleaseStatus.Running or ReleaseStatus.Paused;
}

[GenerateSerializer, Immutable, Alias("FlagGrains.ScheduledChangeSummary")]
public sealed record ScheduledChangeSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] IReadOnlyList<string> Flags,
    [property: Id(3)] ScheduledChangeStatus Status,
    [property: Id(4)] DateTimeOffset CreatedAt);
