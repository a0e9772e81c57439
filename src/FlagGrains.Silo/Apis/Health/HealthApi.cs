using FlagGrains.Silo.Access;

namespace FlagGrains.Silo.Apis.Health;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (see <see cref="SiloReadiness"/>), for load
/// balancers and process supervisors. Anyone learns ready or not ready; why not (which names environments) is for
/// admin tokens only.
/// </summary>
public static class HealthApi
{
    public static IServiceCollection AddSiloReadiness(this IServiceCollection services)
    {
        services.AddSingleton<GatewayWarmup>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayWarmup>());
        services.AddSingleton<SiloReadiness>();
        return services;
    }

    public static void MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
        routes.MapGet("/health/ready", async (HttpRequest request, SiloReadiness readiness, AdminAuthenticator admins) =>
        {
            if (readiness.Problems() is not { Count: > 0 } problems) return Results.Ok(new { status = "ready" });

            var detail = await admins.AuthenticateAsync(request) is null
                ? "This silo is not ready to serve. An admin token (Authorization: Bearer) shows why."
                : string.Join(" ", problems);
            return Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready");
        });
    }
}
