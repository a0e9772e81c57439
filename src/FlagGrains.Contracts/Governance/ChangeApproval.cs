namespace FlagGrains.Contracts.Governance;

/// <summary>
/// Why a write passed an environment's approval policy, recorded with it in the audit log: the change request it
/// applies and who approved it, or an admin's emergency override.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ChangeApproval")]
public sealed record ChangeApproval(
    [property: Id(0)] ChangeApprovalKind Kind,
    [property: Id(1)] long? ChangeRequestId,
    [property: Id(2)] IReadOnlyList<Reviewer> Approvers)
{
    /// <summary>An admin bypassing the policy (<c>?override=true</c>); audited as such.</summary>
    public static ChangeApproval Override() => new(ChangeApprovalKind.Override, null, new List<Reviewer>());

    /// <summary>A change request applied after its approvals (a plain list: stored state must not hold compiler-made collections).</summary>
    public static ChangeApproval Approved(long changeRequestId, IEnumerable<Reviewer> approvers) =>
        new(ChangeApprovalKind.ChangeRequest, changeRequestId, approvers.ToList());
}

[GenerateSerializer, Alias("FlagGrains.ChangeApprovalKind")]
public enum ChangeApprovalKind
{
    ChangeRequest = 0,
    Override = 1,
}

/// <summary>A token that reviewed a change: its id and name, and when.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.Reviewer")]
public sealed record Reviewer(
    [property: Id(0)] string TokenId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset At);
