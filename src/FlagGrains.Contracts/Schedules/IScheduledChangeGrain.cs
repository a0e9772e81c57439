using FlagGrains.Contracts.Audit;
using Orleans.Concurrency;

namespace FlagGrains.Contracts.Schedules;

/// <summary>
/// One scheduled change (keyed by its id, <see cref="GrainKeys.NewScheduledChangeId"/>): stored with its due time, woken
/// by a reminder, applied once as an ordinary audited write.
/// </summary>
[Alias("FlagGrains.IScheduledChangeGrain")]
public interface IScheduledChangeGrain : IGrainWithStringKey
{
    /// <summary>Checks the change against the flag set as it is now; stores and schedules it when it would apply.</summary>
    [Alias("Create")]
    Task<ScheduledChangeResult> CreateAsync(ScheduledChangeDefinition definition, ChangeContext creator);

    [Alias("Get"), ReadOnly]
    Task<ScheduledChangeView?> GetAsync();

    /// <summary>Cancels a change that has not run; Conflict once it has.</summary>
    [Alias("Cancel")]
    Task<ScheduledChangeResult> CancelAsync(ChangeContext by);
}
