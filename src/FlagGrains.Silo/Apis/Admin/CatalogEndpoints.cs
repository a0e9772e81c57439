using FlagGrains.Contracts;
using FlagGrains.Contracts.Catalog;
using FlagGrains.Contracts.Environments;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>Projects and environments: listed for navigation; an environment is created by its first flag set.</summary>
public static class CatalogEndpoints
{
    public static async Task<IResult> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListAsync());

    public static async Task<IResult> DeleteEnvironmentAsync(string project, string environment, HttpContext http, IGrainFactory grains) =>
        await grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(project, environment)).DeleteAsync(ChangeContexts.From(http))
            ? TypedResults.NoContent()
            : Problems.NotFound($"Environment '{project}/{environment}' does not exist.");
}
