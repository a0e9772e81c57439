using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Governance;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>
/// Flag writes under an environment's approval policy. The environment grain holds back a write that needs approvals;
/// the write then becomes a change request (202 with its location). <c>?override=true</c> lets an admin apply it at
/// once in an emergency, recorded in the audit as an override.
/// </summary>
public static class GovernedWrites
{
    /// <summary>The write's audit identity, marked as an override when an admin asked for one; or why it is refused.</summary>
    /// <param name="withoutOverride">What becomes of the request without the override, for the refusal's message.</param>
    public static (ChangeContext Change, IResult? Problem) Change(HttpContext http, string withoutOverride = "the write becomes a change request")
    {
        var change = ChangeContexts.From(http);
        var value = http.Request.Query["override"];
        if (value.Count == 0 || value == "false") return (change, null);
        if (value != "true") return (change, FieldProblems.Invalid("override", "override must be true or false."));

        var token = (AdminTokenInfo)http.Items[typeof(AdminTokenInfo)]!;
        if (token.Role < AdminRole.Admin)
            return (change, FieldProblems.Forbidden("override", $"override=true bypasses the environment's approval policy and needs the admin role; without it {withoutOverride}."));
        return (change with { Approval = ChangeApproval.Override() }, null);
    }

    /// <summary>Opens the change request for a held-back write and answers for it.</summary>
    public static async Task<IResult> OpenAsync(string project, string environment, ProposedWrite write, ChangeContext author, HttpResponse response, IGrainFactory grains)
    {
        var opened = await grains.GetGrain<IChangeRequestsGrain>(GrainKeys.Environment(project, environment)).OpenAsync(write, author);
        switch (opened.Status)
        {
            case OpenChangeRequestStatus.Opened:
                var request = opened.Request!;
                return TypedResults.Accepted(ChangeRequestEndpoints.Location(project, environment, request.Id), new
                {
                    changeRequest = new { id = request.Id, status = "open", summary = request.Summary, requiredApprovals = request.RequiredApprovals, baseVersion = request.BaseVersion },
                });
            case OpenChangeRequestStatus.NoChange:
                response.Headers.ETag = EntityTag.ForVersion(opened.Version);
                return TypedResults.Ok(new FlagSetStored(opened.Version));
            case OpenChangeRequestStatus.TooManyOpen:
                return FieldProblems.Conflict("changeRequest", "This environment has too many open change requests; approve or reject some first.");
            default:
                var status = opened.Status switch
                {
                    OpenChangeRequestStatus.VersionConflict => Contracts.Environments.FlagSetWriteStatus.VersionConflict,
                    OpenChangeRequestStatus.NotFound => Contracts.Environments.FlagSetWriteStatus.NotFound,
                    _ => Contracts.Environments.FlagSetWriteStatus.Invalid,
                };
                return WriteResults.ToHttp(new(status, opened.Version, opened.Problems), response, null, write.FlagKey is { } key ? $"Flag '{key}'" : "The flag set");
        }
    }
}
