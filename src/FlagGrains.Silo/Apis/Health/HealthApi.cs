namespace FlagGrains.Silo.Apis.Health;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (see <see cref="SiloReadiness"/>), for load
/// balancers and process supervisors.
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
        routes.MapGet("/health/ready", (SiloReadiness readiness) =>
            readiness.Problems() is { Count: > 0 } problems
                ? Results.Problem(string.Join(" ", problems), statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready")
                : Results.Ok(new { status = "ready" }));
    }
}
