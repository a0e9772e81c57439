using FlagGrains.AdminConsole.Access;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Analytics;
using FlagGrains.Contracts.Automation;
using FlagGrains.Contracts.Releases;

namespace FlagGrains.AdminConsole.Workspace;

/// <summary>
/// Releases, scheduled changes and evaluation charts for the console, through the same grains as the admin API, with
/// the caller's role checked before every call (<see cref="ConsoleGuard"/>).
/// </summary>
public sealed class AutomationWorkspace(IGrainFactory grains, ConsoleGuard guard, TimeProvider clock)
{
    public async Task<IReadOnlyList<ReleaseSummary>> ListReleasesAsync(string project, string environment)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        return await Directory(project, environment).ListReleasesAsync();
    }

    /// <summary>The release, when it exists and belongs to this environment.</summary>
    public async Task<ReleaseView?> GetReleaseAsync(string project, string environment, string releaseId)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        if (!GrainKeys.IsReleaseId(releaseId)) return null;
        var release = await grains.GetGrain<IReleaseGrain>(releaseId).GetAsync();
        return release?.Definition.EnvironmentKey == GrainKeys.Environment(project, environment) ? release : null;
    }

    public async Task<(string Id, ReleaseCommandResult Result)> CreateReleaseAsync(string project, string environment, ReleaseDraft draft)
    {
        var user = await guard.RequireAsync(AdminRole.Editor);
        var id = GrainKeys.NewReleaseId();
        var result = await grains.GetGrain<IReleaseGrain>(id).CreateAsync(draft.ToDefinition(GrainKeys.Environment(project, environment)), Change(user));
        return (id, result);
    }

    public Task<ReleaseCommandResult> PauseAsync(string project, string environment, string releaseId) =>
        CommandAsync(project, environment, releaseId, (release, by) => release.PauseAsync(by));

    public Task<ReleaseCommandResult> ResumeAsync(string project, string environment, string releaseId) =>
        CommandAsync(project, environment, releaseId, (release, by) => release.ResumeAsync(by));

    public Task<ReleaseCommandResult> RollbackAsync(string project, string environment, string releaseId) =>
        CommandAsync(project, environment, releaseId, (release, by) => release.RollbackAsync(by));

    /// <summary>Scheduled changes that set or remove <paramref name="flag"/>, earliest first.</summary>
    public async Task<IReadOnlyList<ScheduledChangeSummary>> ScheduledChangesOfAsync(string project, string environment, string flag)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        return (await Directory(project, environment).ListScheduledChangesAsync()).Where(c => c.Flags.Contains(flag)).ToList();
    }

    /// <summary>The flag's evaluations per variant and hour over the last <paramref name="window"/>, from the usage grain.</summary>
    public async Task<UsageSeries> EvaluationsAsync(string project, string environment, string flag, TimeSpan window)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        var now = clock.GetUtcNow();
        var from = UsageSeries.Hour(now - window);
        var report = await grains.GetGrain<IFlagUsageGrain>(GrainKeys.Environment(project, environment)).ReadAsync(from, now);
        return UsageSeries.From(report.Flags.FirstOrDefault(f => f.FlagKey == flag)?.Hours ?? [], from, now);
    }

    private async Task<ReleaseCommandResult> CommandAsync(string project, string environment, string releaseId, Func<IReleaseGrain, Contracts.Audit.ChangeContext, Task<ReleaseCommandResult>> command)
    {
        var user = await guard.RequireAsync(AdminRole.Editor);
        if (await GetReleaseAsync(project, environment, releaseId) is null) return ReleaseCommandResult.NotFound($"There is no release {releaseId} in {project}/{environment}.");
        return await command(grains.GetGrain<IReleaseGrain>(releaseId), Change(user));
    }

    private IAutomationDirectoryGrain Directory(string project, string environment) =>
        grains.GetGrain<IAutomationDirectoryGrain>(GrainKeys.Environment(project, environment));

    private static Contracts.Audit.ChangeContext Change(ConsoleUser user) => ConsoleAuthentication.ChangeContext(user, sourceAddress: null);
}
