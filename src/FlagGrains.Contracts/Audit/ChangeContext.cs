namespace FlagGrains.Contracts.Audit;

/// <summary>
/// Who asked for a change, from where, and under which request id: what the audit log records. Automation (a release,
/// a scheduled change) is the actor of the writes it makes; <see cref="OnBehalfOfId"/> and <see cref="OnBehalfOfName"/>
/// then name the person answerable for them (its creator, or whoever paused or rolled it back), and
/// <see cref="Reason"/> says why, e.g. which guardrail tripped. <see cref="Approval"/> (governance) says why a write
/// passed an environment's approval policy: the change request and its approvers, or an admin's emergency override.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ChangeContext")]
public sealed record ChangeContext(
    [property: Id(0)] string ActorId,
    [property: Id(1)] string ActorName,
    [property: Id(2)] string RequestId,
    [property: Id(3)] string? SourceAddress,
    [property: Id(4)] string? OnBehalfOfId = null,
    [property: Id(5)] string? OnBehalfOfName = null,
    [property: Id(6)] string? Reason = null,
    [property: Id(10)] Governance.ChangeApproval? Approval = null)
{
    /// <summary>For changes the system makes itself (bootstrap, tests).</summary>
    public static ChangeContext System(string reason) => new("system", reason, Guid.NewGuid().ToString("N"), null);
}
