using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Governance;

namespace FlagGrains.Grains.Automation;

/// <summary>
/// Whether automation may be set up in an environment under an approval policy. A release's steps and a scheduled
/// change's writes pass the policy when they run (holding a step or a guardrail's rollback for approvals would stall
/// them), so the policy has to be met when they are created: otherwise an editor who may not change a governed flag
/// could schedule the same change a minute ahead. Only an admin's override creates them there, and the writes they
/// make carry it into the audit.
/// </summary>
internal static class AutomationPolicy
{
    /// <summary>
    /// The creator to store (an override where no approval is needed is dropped, so the audit never shows an emergency
    /// that was not one), or why <paramref name="creator"/> may not create <paramref name="what"/> here.
    /// </summary>
    public static async Task<(ChangeContext Creator, string? Refusal)> CheckAsync(IEnvironmentGrain environment, string environmentKey, ChangeContext creator, string what)
    {
        var overridden = creator.Approval?.Kind == ChangeApprovalKind.Override;
        if (await environment.GetPolicyAsync() is not { RequiredApprovals: > 0 and var required })
            return (overridden ? creator with { Approval = null } : creator, null);
        if (overridden) return (creator, null);

        return (creator, $"'{environmentKey}' requires {required} approval{(required == 1 ? "" : "s")} for flag changes, and {what} applies " +
                         "its changes without them. Propose the change as a change request, or have an admin create it with override=true " +
                         "(its writes are audited as overrides).");
    }
}
