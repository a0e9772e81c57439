using FlagGrains.Contracts.Audit;
using Orleans.Concurrency;

namespace FlagGrains.Contracts.Releases;

/// <summary>
/// One release (keyed by its id, <see cref="GrainKeys.NewReleaseId"/>). It owns its schedule, wakes itself with a
/// reminder, and makes every step an ordinary audited write to its environment grain.
/// </summary>
[Alias("FlagGrains.IReleaseGrain")]
public interface IReleaseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checks the definition against the flag as it is now and, when sound and no other release of the flag is active,
    /// stores it and starts it (at once, or at its start time). Invalid: nothing was stored.
    /// </summary>
    [Alias("Create")]
    Task<ReleaseCommandResult> CreateAsync(ReleaseDefinition definition, ChangeContext creator);

    /// <summary>The release, or null when there is none with this id.</summary>
    [Alias("Get"), ReadOnly]
    Task<ReleaseView?> GetAsync();

    /// <summary>Stops the steps where they are (the split stays); guardrails keep watching.</summary>
    [Alias("Pause")]
    Task<ReleaseCommandResult> PauseAsync(ChangeContext by);

    /// <summary>Continues a paused release with what was left of the current hold.</summary>
    [Alias("Resume")]
    Task<ReleaseCommandResult> ResumeAsync(ChangeContext by);

    /// <summary>Gives everyone the baseline (the split goes to 0 %) and ends the release.</summary>
    [Alias("Rollback")]
    Task<ReleaseCommandResult> RollbackAsync(ChangeContext by);

    /// <summary>Records an external verdict; an unhealthy one rolls an active release back at once.</summary>
    [Alias("Signal")]
    Task<ReleaseCommandResult> SignalAsync(ReleaseSignal signal);
}
