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

        var result = await grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment))
            .PutFlagSetAsync(json!, expectedVersion, ChangeContexts.From(http));
        return WriteResults.ToHttp(result, http.Response, null, "The flag set");
    }
}
