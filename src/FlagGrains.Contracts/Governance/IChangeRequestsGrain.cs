using FlagGrains.Contracts.Audit;
using Orleans.Concurrency;

namespace FlagGrains.Contracts.Governance;

/// <summary>
/// The change requests of one environment (keyed like the environment grain). It calls the environment grain (to
/// read the document and to apply an approved change) and is never called by it, so the two cannot deadlock.
/// </summary>
[Alias("FlagGrains.IChangeRequestsGrain")]
public interface IChangeRequestsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records a write the environment's policy held back, with the document version it was based on. Checks the
    /// write's own precondition and validity first, so a request that could never apply is refused at once.
    /// </summary>
    [Alias("Open")]
    Task<OpenChangeRequestResult> OpenAsync(ProposedWrite write, ChangeContext author);

    /// <summary>Requests, newest first, optionally of one status.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<ChangeRequestView>> ListAsync(ChangeRequestStatus? status);

    /// <summary>One request with each item compared to the environment's current document, or null.</summary>
    [Alias("Get"), ReadOnly]
    Task<ChangeRequestDetail?> GetAsync(long id);

    /// <summary>
    /// Approves as <paramref name="reviewer"/>. The approval that reaches the policy's count applies the change as one
    /// audited write naming the author and every approver; if the document moved on so that it no longer applies
    /// cleanly the request becomes <see cref="ChangeRequestStatus.Stale"/> instead.
    /// </summary>
    [Alias("Approve")]
    Task<ReviewResult> ApproveAsync(long id, ChangeContext reviewer, string? comment);

    /// <summary>Rejects as <paramref name="reviewer"/>; the request is closed.</summary>
    [Alias("Reject")]
    Task<ReviewResult> RejectAsync(long id, ChangeContext reviewer, string? comment);
}

[GenerateSerializer, Alias("FlagGrains.ChangeRequestStatus")]
public enum ChangeRequestStatus
{
    Open = 0,
    Applied = 1,
    Rejected = 2,
    Stale = 3,
}

[GenerateSerializer, Alias("FlagGrains.ReviewVerdict")]
public enum ReviewVerdict
{
    Approved = 0,
    Rejected = 1,
}

/// <summary>One approval or rejection, with its optional comment.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ChangeReview")]
public sealed record ChangeReview(
    [property: Id(0)] ReviewVerdict Verdict,
    [property: Id(1)] string TokenId,
    [property: Id(2)] string Name,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? Comment);

/// <summary>
/// A change request: the proposed item changes (before = the item at <see cref="BaseVersion"/>, after = proposed), who
/// asked, the reviews so far and how it ended.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ChangeRequestView")]
public sealed record ChangeRequestView(
    [property: Id(0)] long Id,
    [property: Id(1)] ChangeRequestStatus Status,
    [property: Id(2)] ProposedWriteKind Kind,
    [property: Id(3)] string? FlagKey,
    [property: Id(4)] string Summary,
    [property: Id(5)] long BaseVersion,
    [property: Id(6)] string AuthorId,
    [property: Id(7)] string AuthorName,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] int RequiredApprovals,
    [property: Id(10)] IReadOnlyList<ChangeReview> Reviews,
    [property: Id(11)] IReadOnlyList<AuditChange> Changes,
    [property: Id(12)] long? AppliedVersion,
    [property: Id(13)] DateTimeOffset? ClosedAt,
    [property: Id(14)] IReadOnlyList<string> Conflicts)
{
    public int Approvals => Reviews.Count(r => r.Verdict == ReviewVerdict.Approved);
}

/// <summary>A request and, item by item, how it compares with the environment's document now.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ChangeRequestDetail")]
public sealed record ChangeRequestDetail(
    [property: Id(0)] ChangeRequestView Request,
    [property: Id(1)] long CurrentVersion,
    [property: Id(2)] IReadOnlyList<ChangeRequestItem> Items)
{
    /// <summary>True when approving now would apply every item (each still has its base value, or already the proposed one).</summary>
    public bool AppliesCleanly => Items.All(i => !i.Conflict);
}

/// <summary>One item: its value when the request was made, now, and as proposed; a conflict when someone else changed it.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ChangeRequestItem")]
public sealed record ChangeRequestItem(
    [property: Id(0)] string Item,
    [property: Id(1)] string? Base,
    [property: Id(2)] string? Current,
    [property: Id(3)] string? Proposed,
    [property: Id(4)] bool Conflict);

[GenerateSerializer, Alias("FlagGrains.OpenChangeRequestStatus")]
public enum OpenChangeRequestStatus
{
    Opened = 0,

    /// <summary>The write changes nothing: there is nothing to review and nothing was stored.</summary>
    NoChange = 1,
    Invalid = 2,
    VersionConflict = 3,
    NotFound = 4,

    /// <summary>Too many requests are open in this environment; review or reject some first.</summary>
    TooManyOpen = 5,
}

[GenerateSerializer, Immutable, Alias("FlagGrains.OpenChangeRequestResult")]
public sealed record OpenChangeRequestResult(
    [property: Id(0)] OpenChangeRequestStatus Status,
    [property: Id(1)] ChangeRequestView? Request,
    [property: Id(2)] long Version,
    [property: Id(3)] IReadOnlyList<Environments.FlagSetProblem> Problems);

[GenerateSerializer, Alias("FlagGrains.ReviewStatus")]
public enum ReviewStatus
{
    /// <summary>Recorded; more approvals are needed (or the request was rejected).</summary>
    Recorded = 0,

    /// <summary>The approval completed the request and the change was applied at <see cref="ReviewResult.Version"/>.</summary>
    Applied = 1,

    /// <summary>The document moved on and the change no longer applies cleanly; the request is now stale.</summary>
    Stale = 2,
    NotFound = 3,

    /// <summary>The author may not review their own request.</summary>
    SelfReview = 4,

    /// <summary>This token already reviewed the request.</summary>
    AlreadyReviewed = 5,

    /// <summary>The request is no longer open.</summary>
    Closed = 6,

    /// <summary>The flag set kept changing while the approval tried to apply it; nothing was recorded, try again.</summary>
    Busy = 7,
}

[GenerateSerializer, Immutable, Alias("FlagGrains.ReviewResult")]
public sealed record ReviewResult(
    [property: Id(0)] ReviewStatus Status,
    [property: Id(1)] ChangeRequestView? Request,
    [property: Id(2)] long? Version,
    [property: Id(3)] IReadOnlyList<string> Conflicts);
