using System.Globalization;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Governance;
using FlagGrains.Grains.Webhooks;

namespace FlagGrains.Grains.Environments;

/// <summary>
/// Governance in the single writer: the approval policy is enforced where every flag write passes, and webhook events
/// leave through an outbox stored with the write, so delivering them never slows or fails it.
/// </summary>
public sealed partial class EnvironmentGrain
{
    private EventOutbox? _events;

    private EventOutbox Events => _events ??= new EventOutbox(this, GrainFactory, () => state.State.PendingEvents, logger);

    public Task<EnvironmentPolicy?> GetPolicyAsync() =>
        Task.FromResult(Exists ? new EnvironmentPolicy(state.State.RequiredApprovals) : null);

    public async Task<bool> SetPolicyAsync(EnvironmentPolicy policy, ChangeContext change)
    {
        if (!Exists) return false;

        var next = state.State.Clone();
        next.RequiredApprovals = policy.RequiredApprovals;
        await CommitAsync(next, change, "policy.put", [new AuditChange("policy", PolicyJson(state.State.RequiredApprovals), PolicyJson(policy.RequiredApprovals))]);
        return true;
    }

    /// <summary>
    /// True when the policy holds this write back: it needs approvals and carries none. An override where no approval
    /// is needed is recorded as a plain write, so the audit never shows an emergency that was not one.
    /// </summary>
    private bool HeldByPolicy(ref ChangeContext change)
    {
        if (state.State.RequiredApprovals > 0) return change.Approval is null;
        if (change.Approval?.Kind == ChangeApprovalKind.Override) change = change with { Approval = null };
        return false;
    }

    private static string PolicyJson(int requiredApprovals) =>
        string.Concat("{\"requiredApprovals\":", requiredApprovals.ToString(CultureInfo.InvariantCulture), "}");
}
