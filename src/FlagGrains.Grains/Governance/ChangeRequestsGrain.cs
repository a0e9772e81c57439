using System.Text.Json.Nodes;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Governance;
using FlagGrains.Contracts.Webhooks;
using FlagGrains.Domain.Editing;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;
using FlagGrains.Grains.Webhooks;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Grains.Governance;

/// <summary>
/// Change requests of one environment. A request stores the item changes it proposes with their values at the version
/// it was based on; the approval that completes it re-applies exactly those items to the document as it is then, as one
/// write through the environment grain, so nothing reviewed is lost and nothing unreviewed slips in.
/// </summary>
public sealed partial class ChangeRequestsGrain(
    [PersistentState("change-requests", ProviderNames.GrainStorage)] IPersistentState<ChangeRequestsState> state,
    TimeProvider clock,
    ILogger<ChangeRequestsGrain> logger) : Grain, IChangeRequestsGrain
{
    /// <summary>Open requests per environment: enough for any team, small enough that the state stays one modest row.</summary>
    internal const int MaxOpen = 100;

    /// <summary>Closed requests kept for the inbox; the audit log keeps the applied changes for good.</summary>
    internal const int ClosedKept = 200;

    /// <summary>Writes racing the apply: each retry re-reads and re-checks the document, so a few always suffice.</summary>
    private const int ApplyAttempts = 5;

    /// <summary>
    /// Larger proposed documents are not kept verbatim (their items are, and apply the same); a hundred open requests
    /// must not make this grain's row hundreds of megabytes.
    /// </summary>
    internal const int MaxVerbatimDocumentChars = 256 * 1024;

    private EventOutbox? _events;

    private string Key => this.GetPrimaryKeyString();

    private EventOutbox Events => _events ??= new EventOutbox(this, GrainFactory, () => state.State.PendingEvents, logger);

    private IEnvironmentGrain Environment => GrainFactory.GetGrain<IEnvironmentGrain>(Key);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Events.ForwardSoon();
        return Task.CompletedTask;
    }

    public async Task<OpenChangeRequestResult> OpenAsync(ProposedWrite write, ChangeContext author)
    {
        var current = await Environment.GetFlagSetAsync();
        if (current is null) return Opened(OpenChangeRequestStatus.NotFound, 0);

        var proposed = Propose(current.DocumentJson, write, out var status);
        if (proposed is null) return Opened(status, current.Version);
        if (write.ExpectedVersion is { } expected && expected != current.Version) return Opened(OpenChangeRequestStatus.VersionConflict, current.Version);

        // The same checks as a direct write, so a request that could never be applied is refused now, not at approval.
        var parsed = FlagSetDocument.Parse(proposed, ValidationMode.Strict);
        if (parsed.Document is null)
        {
            var problems = parsed.Errors.Select(e => new FlagSetProblem(e.Path, e.Message)).ToList();
            return new OpenChangeRequestResult(OpenChangeRequestStatus.Invalid, null, current.Version, problems);
        }

        CompiledFlagSet.Compile(parsed.Document);
        var changes = FlagSetDiff.Compute(current.DocumentJson, parsed.Document.Json).Select(c => new AuditChange(c.Item, c.Before, c.After)).ToList();
        if (changes.Count == 0) return Opened(OpenChangeRequestStatus.NoChange, current.Version);
        if (state.State.Requests.Count(r => r.Request.Status == ChangeRequestStatus.Open) >= MaxOpen)
            return Opened(OpenChangeRequestStatus.TooManyOpen, current.Version);

        var policy = await Environment.GetPolicyAsync();
        var next = state.State.Clone();
        var request = new ChangeRequestView(
            next.LastId + 1, ChangeRequestStatus.Open, write.Kind, write.FlagKey, Summary(write, changes), current.Version,
            author.ActorId, author.ActorName, clock.GetUtcNow(), policy?.RequiredApprovals ?? 0,
            new List<ChangeReview>(), changes, null, null, new List<string>());
        next.LastId = request.Id;
        var verbatim = write.Kind == ProposedWriteKind.Document && parsed.Document.Json.Length <= MaxVerbatimDocumentChars ? parsed.Document.Json : null;
        next.Requests.Add(new StoredChangeRequest(request, verbatim));
        next.PendingEvents.Add(RequestEvent(WebhookEventTypes.ChangeRequestOpened, request, author, request.CreatedAt));
        await SaveAsync(next);
        return new OpenChangeRequestResult(OpenChangeRequestStatus.Opened, request, current.Version, []);
    }

    public Task<IReadOnlyList<ChangeRequestView>> ListAsync(ChangeRequestStatus? status) =>
        Task.FromResult<IReadOnlyList<ChangeRequestView>>(state.State.Requests
            .Select(r => r.Request)
            .Where(r => status is null || r.Status == status)
            .OrderByDescending(r => r.Id)
            .ToList());

    public async Task<ChangeRequestDetail?> GetAsync(long id)
    {
        if (Find(id) is not { } stored) return null;
        var current = await Environment.GetFlagSetAsync();
        var request = stored.Request;
        var values = FlagSetPatch.ReadItems(current?.DocumentJson, request.Changes.Select(c => c.Item));
        var items = request.Changes.Select((c, i) => new ChangeRequestItem(
            c.Item, c.Before, values[i], c.After,
            Conflict: current is null || (!FlagSetPatch.SameJson(values[i], c.Before) && !FlagSetPatch.SameJson(values[i], c.After)))).ToList();
        return new ChangeRequestDetail(request, current?.Version ?? 0, items);
    }

    public async Task<ReviewResult> ApproveAsync(long id, ChangeContext reviewer, string? comment)
    {
        if (Refusal(id, reviewer) is { } refused) return refused;

        var stored = Find(id)!;
        var now = clock.GetUtcNow();
        var request = stored.Request with { Reviews = Reviews(stored.Request, ReviewVerdict.Approved, reviewer, comment, now) };
        var required = Math.Max(1, (await Environment.GetPolicyAsync())?.RequiredApprovals ?? 1);
        var next = state.State.Clone();
        if (request.Approvals < required)
        {
            await SaveAsync(next, request);
            return new ReviewResult(ReviewStatus.Recorded, request, null, []);
        }

        var outcome = await ApplyAsync(stored with { Request = request }, reviewer);
        if (outcome.Status == ReviewStatus.Applied)
        {
            request = request with { Status = ChangeRequestStatus.Applied, AppliedVersion = outcome.Version, ClosedAt = now };
            next.PendingEvents.Add(RequestEvent(WebhookEventTypes.ChangeRequestApplied, request, reviewer, now));
        }
        else if (outcome.Status == ReviewStatus.Stale)
        {
            request = request with { Status = ChangeRequestStatus.Stale, ClosedAt = now, Conflicts = outcome.Conflicts.ToList() };
        }
        else
        {
            return outcome;
        }

        await SaveAsync(next, request);
        return outcome with { Request = request };
    }

    public async Task<ReviewResult> RejectAsync(long id, ChangeContext reviewer, string? comment)
    {
        if (Refusal(id, reviewer) is { } refused) return refused;

        var now = clock.GetUtcNow();
        var stored = Find(id)!;
        var request = stored.Request with
        {
            Status = ChangeRequestStatus.Rejected,
            ClosedAt = now,
            Reviews = Reviews(stored.Request, ReviewVerdict.Rejected, reviewer, comment, now),
        };
        await SaveAsync(state.State.Clone(), request);
        return new ReviewResult(ReviewStatus.Recorded, request, null, []);
    }

    /// <summary>
    /// Applies the request's items to the document as it is now, as the author's write approved by every approver.
    /// When the document has not moved, a proposed whole document is stored verbatim. Items that already have their
    /// proposed value count as applied, which also makes a retry after a lost acknowledgement harmless.
    /// </summary>
    private async Task<ReviewResult> ApplyAsync(StoredChangeRequest stored, ChangeContext reviewer)
    {
        var request = stored.Request;
        var approvers = request.Reviews.Where(r => r.Verdict == ReviewVerdict.Approved).Select(r => new Reviewer(r.TokenId, r.Name, r.At));
        var change = new ChangeContext(request.AuthorId, request.AuthorName, reviewer.RequestId, reviewer.SourceAddress, Approval: ChangeApproval.Approved(request.Id, approvers));
        for (var attempt = 0; attempt < ApplyAttempts; attempt++)
        {
            var current = await Environment.GetFlagSetAsync();
            if (current is null) return Stale(["environment"]);

            string document;
            if (stored.ProposedDocumentJson is { } verbatim && current.Version == request.BaseVersion)
            {
                document = verbatim;
            }
            else
            {
                var patch = FlagSetPatch.Apply(current.DocumentJson, request.Changes.Select(c => new ItemChange(c.Item, c.Before, c.After)).ToList());
                if (!patch.Clean) return Stale(patch.Conflicts);
                if (patch.AlreadyApplied) return new ReviewResult(ReviewStatus.Applied, request, current.Version, []);
                document = patch.DocumentJson!;
            }

            var result = await Environment.PutFlagSetAsync(document, current.Version, change);
            switch (result.Status)
            {
                case FlagSetWriteStatus.Stored:
                    return new ReviewResult(ReviewStatus.Applied, request, result.Version, []);
                case FlagSetWriteStatus.Invalid:
                    // The items apply, but together with what changed meanwhile the document no longer validates
                    // (e.g. a $ref to an evaluator someone removed): not clean either.
                    return Stale(result.Problems.Select(p => $"{p.Path}: {p.Message}").ToList());
                case FlagSetWriteStatus.VersionConflict:
                    continue;
                default:
                    throw new InvalidOperationException($"Applying change request {request.Id} of {Key} was answered {result.Status}.");
            }
        }

        LogApplyBusy(logger, request.Id, Key, ApplyAttempts);
        return new ReviewResult(ReviewStatus.Busy, request, null, []);

        ReviewResult Stale(IReadOnlyList<string> conflicts) => new(ReviewStatus.Stale, request, null, conflicts);
    }

    private ReviewResult? Refusal(long id, ChangeContext reviewer)
    {
        if (Find(id) is not { } stored) return new ReviewResult(ReviewStatus.NotFound, null, null, []);
        var request = stored.Request;
        if (request.Status != ChangeRequestStatus.Open) return new ReviewResult(ReviewStatus.Closed, request, null, []);
        if (request.AuthorId == reviewer.ActorId) return new ReviewResult(ReviewStatus.SelfReview, request, null, []);
        if (request.Reviews.Any(r => r.TokenId == reviewer.ActorId)) return new ReviewResult(ReviewStatus.AlreadyReviewed, request, null, []);
        return null;
    }

    private StoredChangeRequest? Find(long id) => state.State.Requests.Find(r => r.Request.Id == id);

    /// <summary>Replaces <paramref name="request"/> in <paramref name="next"/> and persists it.</summary>
    private Task SaveAsync(ChangeRequestsState next, ChangeRequestView request)
    {
        var index = next.Requests.FindIndex(r => r.Request.Id == request.Id);
        var verbatim = request.Status == ChangeRequestStatus.Open ? next.Requests[index].ProposedDocumentJson : null;
        next.Requests[index] = new StoredChangeRequest(request, verbatim);
        return SaveAsync(next);
    }

    /// <summary>Memory changes only once storage accepted the write, so a failure leaves the requests as they were.</summary>
    private async Task SaveAsync(ChangeRequestsState next)
    {
        var closed = next.Requests.Where(r => r.Request.Status != ChangeRequestStatus.Open).OrderBy(r => r.Request.Id).ToList();
        foreach (var old in closed.Take(Math.Max(0, closed.Count - ClosedKept))) next.Requests.Remove(old);

        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }

        Events.ForwardSoon();
    }

    private OpenChangeRequestResult Opened(OpenChangeRequestStatus status, long version) => new(status, null, version, []);

    /// <summary>The document the write would produce, or null with the reason.</summary>
    private static string? Propose(string documentJson, ProposedWrite write, out OpenChangeRequestStatus status)
    {
        status = OpenChangeRequestStatus.Opened;
        if (write.Kind == ProposedWriteKind.Document) return write.Json;

        var flagKey = write.FlagKey!;
        var flag = FlagSetEditor.GetFlag(documentJson, flagKey);
        if (write.ExpectedEtag is { } etag && (flag is null || FlagSetEditor.FlagEtag(flag) != etag))
        {
            status = OpenChangeRequestStatus.VersionConflict;
            return null;
        }

        if (write.Kind == ProposedWriteKind.DeleteFlag)
        {
            status = flag is null ? OpenChangeRequestStatus.NotFound : status;
            return flag is null ? null : FlagSetEditor.RemoveFlag(documentJson, flagKey);
        }

        var edited = FlagSetEditor.SetFlag(documentJson, flagKey, write.Json!);
        if (edited is null) status = OpenChangeRequestStatus.Invalid;
        return edited;
    }

    private static string Summary(ProposedWrite write, IReadOnlyList<AuditChange> changes) => write.Kind switch
    {
        ProposedWriteKind.DeleteFlag => $"Delete flag {write.FlagKey}",
        ProposedWriteKind.Flag when changes.Any(c => c.Before is null) => $"Create flag {write.FlagKey}",
        ProposedWriteKind.Flag => $"Change flag {write.FlagKey}",
        _ => changes.Count == 1 ? $"Flag set: {changes[0].Item}" : $"Flag set: {changes.Count} items",
    };

    private static List<ChangeReview> Reviews(ChangeRequestView request, ReviewVerdict verdict, ChangeContext reviewer, string? comment, DateTimeOffset at) =>
        [.. request.Reviews, new ChangeReview(verdict, reviewer.ActorId, reviewer.ActorName, at, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim())];

    private WebhookEvent RequestEvent(string type, ChangeRequestView request, ChangeContext actor, DateTimeOffset at)
    {
        var (project, environment) = GrainKeys.ParseEnvironment(Key);
        var change = new JsonObject
        {
            ["id"] = request.Id,
            ["summary"] = request.Summary,
            ["kind"] = request.Kind switch { ProposedWriteKind.Flag => "flag", ProposedWriteKind.DeleteFlag => "delete-flag", _ => "document" },
            ["flagKey"] = request.FlagKey,
            ["baseVersion"] = request.BaseVersion,
            ["author"] = new JsonObject { ["id"] = request.AuthorId, ["name"] = request.AuthorName },
            ["items"] = new JsonArray([.. request.Changes.Select(c => JsonValue.Create(c.Item))]),
        };
        if (request.AppliedVersion is { } version)
        {
            change["version"] = version;
            change["approvers"] = new JsonArray([.. request.Reviews.Where(r => r.Verdict == ReviewVerdict.Approved)
                .Select(r => new JsonObject { ["id"] = r.TokenId, ["name"] = r.Name, ["at"] = r.At })]);
        }

        var source = string.Concat(Key, ":change-request:", request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return WebhookEvent.Create(type, source, at, project, environment, actor.ActorId, actor.ActorName, change.ToJsonString());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change request {Id} of {Environment} was not applied: the flag set changed under it {Attempts} times in a row")]
    private static partial void LogApplyBusy(ILogger logger, long id, string environment, int attempts);
}
