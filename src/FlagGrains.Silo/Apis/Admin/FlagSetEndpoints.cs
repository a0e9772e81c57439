using System.Text;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>The whole flagd document of an environment: imported and exported verbatim.</summary>
public static class FlagSetEndpoints
{
    public static async Task<IResult> GetAsync(string project, string environment, IGrainFactory grains, HttpResponse response)
    {
        // Governance: with ?tag=, ?owner= or ?expired= this lists flags with their owners and lifecycle instead.
        if (LifecycleEndpoints.IsFiltered(response.HttpContext.Request)) return await LifecycleEndpoints.ListAsync(project, environment, response.HttpContext, grains);

        var view = await grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment)).GetFlagSetAsync();
        if (view is null) return Problems.NotFound($"Environment '{project}/{environment}' has no flag set.");

        response.Headers.ETag = EntityTag.ForVersion(view.Version);
        return TypedResults.Text(view.DocumentJson, "application/json", Encoding.UTF8);
    }

    public static async Task<IResult> PutAsync(string project, string environment, HttpContext http, IGrainFactory grains)
    {
        if (!EntityTag.TryParseIfMatch(http.Request.Headers.IfMatch, out var expectedVersion))
            return Problems.BadRequest("Invalid If-Match", "If-Match must be an ETag returned by this API, e.g. \"v3\".");

        var (json, problem) = await Utf8Body.ReadAsync(http.Request, AdminApi.MaxDocumentBytes, http.RequestAborted);
        if (problem is not null) return problem;

        var (change, refused) = GovernedWrites.Change(http);
        if (refused is not null) return refused;
        var result = await grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment))
            .PutFlagSetAsync(json!, expectedVersion, change);
        if (result.Status == FlagSetWriteStatus.ApprovalRequired)
            return await GovernedWrites.OpenAsync(project, environment, Contracts.Governance.ProposedWrite.Document(json!, expectedVersion), change, http.Response, grains);
        return WriteResults.ToHttp(result, http.Response, null, "The flag set");
    }
}
