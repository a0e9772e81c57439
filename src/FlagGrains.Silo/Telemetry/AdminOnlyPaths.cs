using FlagGrains.Contracts.Access;
using FlagGrains.Silo.Access;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Telemetry;

/// <summary>
/// Guards whole path prefixes (the dashboard, the scrape endpoint) with an admin bearer token. A middleware, not an
/// endpoint filter: the dashboard's endpoints are plain request delegates, which endpoint filters do not run for.
/// </summary>
public static class AdminOnlyPaths
{
    public static IApplicationBuilder UseAdminOnly(this IApplicationBuilder app, PathString prefix, AdminRole minimum) =>
        app.UseWhen(
            http => http.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase),
            branch => branch.Use(async (http, next) =>
            {
                var token = await http.RequestServices.GetRequiredService<AdminAuthenticator>().AuthenticateAsync(http.Request);
                if (token is null)
                {
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                    await Problems.Unauthorized("A valid admin token is required: Authorization: Bearer <token>.").ExecuteAsync(http);
                    return;
                }

                if (token.Role < minimum)
                {
                    await Problems.Forbidden($"This needs the {minimum.ToString().ToLowerInvariant()} role; the token has {token.Role.ToString().ToLowerInvariant()}.").ExecuteAsync(http);
                    return;
                }

                await next(http);
            }));
}
