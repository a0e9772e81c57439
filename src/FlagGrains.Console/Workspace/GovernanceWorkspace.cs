using FlagGrains.AdminConsole.Access;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Governance;
using FlagGrains.Contracts.Lifecycle;

namespace FlagGrains.AdminConsole.Workspace;

/// <summary>
/// Change requests, the approval policy and flag lifecycle for the console, through the same grains as the admin API
/// and with the same roles, checked on every call (<see cref="ConsoleGuard"/>).
/// </summary>
public sealed class GovernanceWorkspace(IGrainFactory grains, ConsoleGuard guard)
{
    public async Task<EnvironmentPolicy?> GetPolicyAsync(string project, string environment)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        return await Environment(project, environment).GetPolicyAsync();
    }

    public async Task<bool> SetPolicyAsync(string project, string environment, int requiredApprovals)
    {
        var user = await guard.RequireAsync(AdminRole.Admin);
        if (requiredApprovals is < 0 or > EnvironmentPolicy.MaxRequiredApprovals) return false;
        return await Environment(project, environment).SetPolicyAsync(new EnvironmentPolicy(requiredApprovals), ConsoleAuthentication.ChangeContext(user, sourceAddress: null));
    }

    public async Task<IReadOnlyList<ChangeRequestView>> ListAsync(string project, string environment, ChangeRequestStatus? status)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        return await Requests(project, environment).ListAsync(status);
    }

    public async Task<ChangeRequestDetail?> GetAsync(string project, string environment, long id)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        return await Requests(project, environment).GetAsync(id);
    }

    public async Task<ReviewResult> ReviewAsync(string project, string environment, long id, bool approve, string? comment)
    {
        var user = await guard.RequireAsync(AdminRole.Editor);
        var reviewer = ConsoleAuthentication.ChangeContext(user, sourceAddress: null);
        var requests = Requests(project, environment);
        return approve ? await requests.ApproveAsync(id, reviewer, comment) : await requests.RejectAsync(id, reviewer, comment);
    }

    /// <summary>Every flag's lifecycle by key (flags without one are absent).</summary>
    public async Task<IReadOnlyDictionary<string, FlagLifecycle>> LifecyclesAsync(string project, string environment)
    {
        await guard.RequireAsync(AdminRole.Viewer);
        var stored = await grains.GetGrain<IFlagLifecycleGrain>(GrainKeys.Environment(project, environment)).ListAsync();
        return stored.ToDictionary(s => s.FlagKey, s => s.Lifecycle, StringComparer.Ordinal);
    }

    private IEnvironmentGrain Environment(string project, string environment) =>
        grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment));

    private IChangeRequestsGrain Requests(string project, string environment) =>
        grains.GetGrain<IChangeRequestsGrain>(GrainKeys.Environment(project, environment));
}
