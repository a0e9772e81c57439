using System.Text;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Governance;
using FlagGrains.Domain.Editing;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>
/// One flag of an environment. Its ETag covers only that flag, so editing one flag never conflicts with someone
/// editing another; every change still bumps the environment version.
/// </summary>
public static class FlagEndpoints
{
    public static async Task<IResult> GetAsync(string project, string environment, string flagKey, IGrainFactory grains, HttpResponse response)
    {
        var flag = await grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment)).GetFlagAsync(flagKey);
        if (flag is null) return Problems.NotFound($"Flag '{flagKey}' does not exist in '{project}/{environment}'.");

        response.Headers.ETag = flag.ETag;
        return TypedResults.Text(flag.FlagJson, "application/json", Encoding.UTF8);
    }

    public static async Task<IResult> PutAsync(string project, string environment, string flagKey, HttpContext http, IGrainFactory grains)
    {
        var (json, problem) = await Utf8Body.ReadAsync(http.Request, AdminApi.MaxDocumentBytes, http.RequestAborted);
        if (problem is not null) return problem;

        var (change, refused) = GovernedWrites.Change(http);
        if (refused is not null) return refused;
        var grain = grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment));
        var result = await grain.PutFlagAsync(flagKey, json!, IfMatch(http.Request), change);
        if (result.Status == FlagSetWriteStatus.ApprovalRequired)
            return await GovernedWrites.OpenAsync(project, environment, ProposedWrite.Flag(flagKey, json!, IfMatch(http.Request)), change, http.Response, grains);
        var etag = result.Status == FlagSetWriteStatus.Stored && FlagSetEditor.GetFlag((await grain.GetFlagSetAsync())?.DocumentJson, flagKey) is { } stored
            ? FlagSetEditor.FlagEtag(stored)
            : null;
        return WriteResults.ToHttp(result, http.Response, etag, $"Flag '{flagKey}'");
    }

    public static async Task<IResult> DeleteAsync(string project, string environment, string flagKey, HttpContext http, IGrainFactory grains)
    {
        var (change, refused) = GovernedWrites.Change(http);
        if (refused is not null) return refused;
        var result = await grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment))
            .DeleteFlagAsync(flagKey, IfMatch(http.Request), change);
        if (result.Status == FlagSetWriteStatus.ApprovalRequired)
            return await GovernedWrites.OpenAsync(project, environment, ProposedWrite.DeleteFlag(flagKey, IfMatch(http.Request)), change, http.Response, grains);
        return result.Status == FlagSetWriteStatus.Stored
            ? TypedResults.NoContent()
            : WriteResults.ToHttp(result, http.Response, null, $"Flag '{flagKey}'");
    }

    private static string? IfMatch(HttpRequest request) =>
        request.Headers.IfMatch is { Count: 1 } header && header[0] is { } value && value != "*" ? value.Trim() : null;
}
