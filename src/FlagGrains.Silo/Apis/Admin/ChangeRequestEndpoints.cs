using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Governance;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>
/// An environment's approval policy and its change requests: listed, shown with a diff against the current document,
/// approved or rejected by a token other than the author's. The approval that completes a request applies it.
/// </summary>
public static class ChangeRequestEndpoints
{
    public const int MaxCommentLength = 2000;

    public static void MapChangeRequestApi(this RouteGroupBuilder environment)
    {
        environment.MapGet("/policy", GetPolicyAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapPut("/policy", PutPolicyAsync).RequireAdminRole(AdminRole.Admin);
        environment.MapGet("/change-requests", ListAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapGet("/change-requests/{id}", GetAsync).RequireAdminRole(AdminRole.Viewer);
        environment.MapPost("/change-requests/{id}/approve", ApproveAsync).RequireAdminRole(AdminRole.Editor);
        environment.MapPost("/change-requests/{id}/reject", RejectAsync).RequireAdminRole(AdminRole.Editor);
    }

    public static string Location(string project, string environment, long id) =>
        $"/admin/v1/projects/{project}/environments/{environment}/change-requests/{id.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<IResult> GetPolicyAsync(string project, string environment, IGrainFactory grains)
    {
        var policy = await Environment(grains, project, environment).GetPolicyAsync();
        return policy is null ? Problems.NotFound($"Environment '{project}/{environment}' does not exist.") : TypedResults.Ok(new { requiredApprovals = policy.RequiredApprovals });
    }

    public static async Task<IResult> PutPolicyAsync(string project, string environment, HttpContext http, IGrainFactory grains)
    {
        var (body, problem) = await JsonObjectBody.ReadAsync(http.Request, "{\"requiredApprovals\": 1}");
        if (problem is not null) return problem;
        if (body!["requiredApprovals"] is not JsonValue value || !value.TryGetValue<int>(out var required) || required is < 0 or > EnvironmentPolicy.MaxRequiredApprovals)
            return FieldProblems.Invalid("requiredApprovals", $"requiredApprovals must be a whole number from 0 (writes apply at once) to {EnvironmentPolicy.MaxRequiredApprovals}.");

        return await Environment(grains, project, environment).SetPolicyAsync(new EnvironmentPolicy(required), ChangeContexts.From(http))
            ? TypedResults.Ok(new { requiredApprovals = required })
            : Problems.NotFound($"Environment '{project}/{environment}' has no flag set; PUT one before setting its policy.");
    }

    public static async Task<IResult> ListAsync(string project, string environment, string? status, IGrainFactory grains)
    {
        ChangeRequestStatus? filter = null;
        if (status is not null)
        {
            if (!TryParseStatus(status, out var parsed)) return FieldProblems.Invalid("status", "status must be open, applied, rejected or stale.");
            filter = parsed;
        }

        var requests = await Requests(grains, project, environment).ListAsync(filter);
        return TypedResults.Ok(new { changeRequests = requests.Select(Summary) });
    }

    public static async Task<IResult> GetAsync(string project, string environment, string id, IGrainFactory grains)
    {
        if (!TryParseId(id, out var number)) return Unknown(id);
        var detail = await Requests(grains, project, environment).GetAsync(number);
        if (detail is null) return Unknown(id);

        var body = Summary(detail.Request);
        body["currentVersion"] = detail.CurrentVersion;
        body["appliesCleanly"] = detail.Request.Status == ChangeRequestStatus.Open ? detail.AppliesCleanly : null;
        body["diff"] = new JsonArray([.. detail.Items.Select(i => new JsonObject
        {
            ["item"] = i.Item,
            ["base"] = Json(i.Base),
            ["current"] = Json(i.Current),
            ["proposed"] = Json(i.Proposed),
            ["conflict"] = detail.Request.Status == ChangeRequestStatus.Open && i.Conflict,
        })]);
        return Results.Text(body.ToJsonString(), "application/json");
    }

    public static Task<IResult> ApproveAsync(string project, string environment, string id, HttpContext http, IGrainFactory grains) =>
        ReviewAsync(project, environment, id, http, grains, approve: true);

    public static Task<IResult> RejectAsync(string project, string environment, string id, HttpContext http, IGrainFactory grains) =>
        ReviewAsync(project, environment, id, http, grains, approve: false);

    private static async Task<IResult> ReviewAsync(string project, string environment, string id, HttpContext http, IGrainFactory grains, bool approve)
    {
        if (!TryParseId(id, out var number)) return Unknown(id);
        var (comment, problem) = await ReadCommentAsync(http.Request);
        if (problem is not null) return problem;

        var reviewer = ChangeContexts.From(http);
        var requests = Requests(grains, project, environment);
        var result = approve ? await requests.ApproveAsync(number, reviewer, comment) : await requests.RejectAsync(number, reviewer, comment);
        switch (result.Status)
        {
            case ReviewStatus.Recorded:
                return Results.Text(new JsonObject { ["changeRequest"] = Summary(result.Request!) }.ToJsonString(), "application/json");
            case ReviewStatus.Applied:
                http.Response.Headers.ETag = EntityTag.ForVersion(result.Version!.Value);
                return Results.Text(new JsonObject { ["changeRequest"] = Summary(result.Request!), ["version"] = result.Version }.ToJsonString(), "application/json");
            case ReviewStatus.Stale:
                return FieldProblems.Conflict("id", $"Change request {number} no longer applies cleanly: the flag set changed since it was made ({string.Join(", ", result.Conflicts)}). It is now stale; open a new one against the current flag set.",
                    new Dictionary<string, object?> { ["conflicts"] = result.Conflicts, ["status"] = "stale" });
            case ReviewStatus.SelfReview:
                return FieldProblems.Forbidden("id", $"Change request {number} was made with this token; another token must review it.");
            case ReviewStatus.AlreadyReviewed:
                return FieldProblems.Conflict("id", $"This token already reviewed change request {number}; each approval must come from a different token.");
            case ReviewStatus.Closed:
                return FieldProblems.Conflict("id", $"Change request {number} is {Name(result.Request!.Status)}, no longer open.");
            case ReviewStatus.Busy:
                http.Response.Headers.RetryAfter = "1";
                return FieldProblems.Conflict("id", $"The flag set kept changing while change request {number} was applied; nothing was recorded. Approve again.");
            default:
                return Unknown(id);
        }
    }

    private static async Task<(string? Comment, IResult? Problem)> ReadCommentAsync(HttpRequest request)
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding"))) return (null, null);
        var (body, problem) = await JsonObjectBody.ReadAsync(request, "{\"comment\": \"looks good\"}");
        if (problem is not null) return (null, problem);
        if (body!["comment"] is null) return (null, null);
        if (body["comment"] is not JsonValue value || !value.TryGetValue<string>(out var comment) || comment.Length > MaxCommentLength)
            return (null, FieldProblems.Invalid("comment", $"comment must be text of at most {MaxCommentLength} characters."));
        return (comment, null);
    }

    private static JsonObject Summary(ChangeRequestView request) => new()
    {
        ["id"] = request.Id,
        ["status"] = Name(request.Status),
        ["summary"] = request.Summary,
        ["kind"] = request.Kind switch { ProposedWriteKind.Flag => "flag", ProposedWriteKind.DeleteFlag => "delete-flag", _ => "document" },
        ["flagKey"] = request.FlagKey,
        ["baseVersion"] = request.BaseVersion,
        ["author"] = new JsonObject { ["id"] = request.AuthorId, ["name"] = request.AuthorName },
        ["createdAt"] = request.CreatedAt,
        ["requiredApprovals"] = request.RequiredApprovals,
        ["approvals"] = request.Approvals,
        ["reviews"] = new JsonArray([.. request.Reviews.Select(r => new JsonObject
        {
            ["verdict"] = r.Verdict == ReviewVerdict.Approved ? "approved" : "rejected",
            ["reviewer"] = new JsonObject { ["id"] = r.TokenId, ["name"] = r.Name },
            ["at"] = r.At,
            ["comment"] = r.Comment,
        })]),
        ["items"] = new JsonArray([.. request.Changes.Select(c => JsonValue.Create(c.Item))]),
        ["appliedVersion"] = request.AppliedVersion,
        ["closedAt"] = request.ClosedAt,
        ["conflicts"] = new JsonArray([.. request.Conflicts.Select(c => JsonValue.Create(c))]),
    };

    public static string Name(ChangeRequestStatus status) => status.ToString().ToLowerInvariant();

    private static bool TryParseStatus(string text, out ChangeRequestStatus status)
    {
        status = default;
        return text is "open" or "applied" or "rejected" or "stale" && Enum.TryParse(text, ignoreCase: true, out status);
    }

    private static bool TryParseId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    private static IResult Unknown(string id) => FieldProblems.NotFound("id", $"There is no change request '{id}' in this environment.");

    private static JsonNode? Json(string? value) => value is null ? null : JsonNode.Parse(value);

    private static IEnvironmentGrain Environment(IGrainFactory grains, string project, string environment) =>
        grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment));

    private static IChangeRequestsGrain Requests(IGrainFactory grains, string project, string environment) =>
        grains.GetGrain<IChangeRequestsGrain>(GrainKeys.Environment(project, environment));
}
