using FlagGrains.Contracts.Access;
using FlagGrains.Silo.Access;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Server;

/// <summary>
/// <c>GET /v1/flags</c>: the environment's flag document for server-side SDKs that evaluate locally. Server keys
/// only: rules must never reach a device, and client keys ship inside apps.
/// </summary>
public static class ServerFlagsApi
{
    public static void MapServerFlagsApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/flags", GetAsync).WithTags("Server SDK");

    private static async Task<IResult> GetAsync(HttpContext http, EnvironmentKeyAuthenticator keys)
    {
        var access = await keys.AuthenticateAsync(http);
        if (access is not { Snapshot.DocumentJson: { } document } granted)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized("A valid server key is required: Authorization: Bearer <key>.");
        }

        if (granted.Kind != ApiKeyKind.Server)
            return Problems.Forbidden("Client keys may only evaluate; downloading rules needs a server key.");

        var etag = EntityTag.ForVersion(granted.Snapshot.Version);
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "private, no-cache";
        if (EntityTag.Matches(http.Request.Headers.IfNoneMatch, etag))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);

        return TypedResults.Text(document, "application/json");
    }
}
