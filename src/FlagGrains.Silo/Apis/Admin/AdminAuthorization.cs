using FlagGrains.Contracts.Access;
using FlagGrains.Silo.Access;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>Bearer admin token with at least a given role; roles are ordered viewer &lt; editor &lt; admin.</summary>
public static class AdminAuthorization
{
    public static RouteHandlerBuilder RequireAdminRole(this RouteHandlerBuilder endpoint, AdminRole minimum) =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var token = await http.RequestServices.GetRequiredService<AdminAuthenticator>().AuthenticateAsync(http.Request);
            if (token is null)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Problems.Unauthorized("A valid admin token is required: Authorization: Bearer <token>.");
            }

            if (token.Role < minimum)
                return Problems.Forbidden($"This action needs the {minimum.ToString().ToLowerInvariant()} role; the token has {token.Role.ToString().ToLowerInvariant()}.");

            http.Items[typeof(AdminTokenInfo)] = token;
            return await next(context);
        });
}
