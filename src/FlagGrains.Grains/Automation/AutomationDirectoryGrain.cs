using FlagGrains.Contracts;
using FlagGrains.Contracts.Automation;
using FlagGrains.Contracts.Releases;
using FlagGrains.Contracts.Schedules;

namespace FlagGrains.Grains.Automation;

/// <summary>
/// Summaries of one environment's releases and scheduled changes. Claiming a flag is the only decision made here, and
/// it happens in one grain turn, so two releases of the same flag cannot both start.
/// </summary>
public sealed class AutomationDirectoryGrain(
    [PersistentState("automation-directory", ProviderNames.GrainStorage)] IPersistentState<AutomationDirectoryState> state) : Grain, IAutomationDirectoryGrain
{
    /// <summary>Finished entries kept for listing; older ones are dropped (the grains keep their own records).</summary>
    internal const int FinishedKept = 500;

    public async Task<string?> ClaimFlagAsync(string flag, string releaseId)
    {
        if (state.State.Releases.Find(r => r.IsActive && r.Flag == flag && r.Id != releaseId) is { } holder) return holder.Id;
        if (state.State.Releases.Exists(r => r.Id == releaseId)) return null;

        state.State.Releases.Add(new ReleaseSummary(releaseId, flag, "", ReleaseStatus.Scheduled, 0, DateTimeOffset.MinValue, null));
        await WriteAsync();
        return null;
    }

    public async Task ForgetReleaseAsync(string releaseId)
    {
        if (state.State.Releases.RemoveAll(r => r.Id == releaseId) > 0) await WriteAsync();
    }

    public async Task RecordReleaseAsync(ReleaseSummary summary)
    {
        var index = state.State.Releases.FindIndex(r => r.Id == summary.Id);
        if (index >= 0 && state.State.Releases[index] == summary) return;
        if (index >= 0) state.State.Releases[index] = summary;
        else state.State.Releases.Add(summary);
        Prune(state.State.Releases, r => !r.IsActive);
        await WriteAsync();
    }

    public Task<IReadOnlyList<ReleaseSummary>> ListReleasesAsync() =>
        Task.FromResult<IReadOnlyList<ReleaseSummary>>(state.State.Releases.Where(r => r.CreatedAt != DateTimeOffset.MinValue).Reverse().ToList());

    public async Task RecordScheduledChangeAsync(ScheduledChangeSummary summary)
    {
        var index = state.State.ScheduledChanges.FindIndex(c => c.Id == summary.Id);
        if (index >= 0) state.State.ScheduledChanges[index] = summary;
        else state.State.ScheduledChanges.Add(summary);
        Prune(state.State.ScheduledChanges, c => c.Status != ScheduledChangeStatus.Scheduled);
        await WriteAsync();
    }

    public Task<IReadOnlyList<ScheduledChangeSummary>> ListScheduledChangesAsync() =>
        Task.FromResult<IReadOnlyList<ScheduledChangeSummary>>(state.State.ScheduledChanges.OrderBy(c => c.At).ToList());

    private static void Prune<T>(List<T> entries, Func<T, bool> finished)
    {
        var excess = entries.Count(finished) - FinishedKept;
        for (var i = 0; i < entries.Count && excess > 0; i++)
        {
            if (!finished(entries[i])) continue;
            entries.RemoveAt(i--);
            excess--;
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory must match storage, or a claim that was never stored would block the flag until a restart.
            await state.ReadStateAsync();
            throw;
        }
    }
}
