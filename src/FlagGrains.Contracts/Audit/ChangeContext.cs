namespace FlagGrains.Contracts.Audit;

/// <summary>
/// Who asked for a change, from where, and under which request id: what the audit log records. <see cref="Approval"/>
/// (governance) says why a write passed an environment's approval policy: the change request and its approvers, or an
/// admin's emergency override.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ChangeContext")]
public sealed record ChangeContext(
    [property: Id(0)] string ActorId,
    [property: Id(1)] string ActorName,
    [property: Id(2)] string RequestId,
    [property: Id(3)] string? SourceAddress,
    [property: Id(10)] Governance.ChangeApproval? Approval = null)
{
    /// <summary>For changes the system makes itself (bootstrap, tests).</summary>
    public static ChangeContext System(string reason) => new("system", reason, Guid.NewGuid().ToString("N"), null);
}
