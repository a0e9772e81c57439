namespace FlagGrains.Silo.Apis.Health;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (the silo has joined and serves), for load
/// balancers and process supervisors.
/// </summary>
public static class HealthApi
{
    public static void MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
        routes.MapGet("/health/ready", (IHostApplicationLifetime lifetime) =>
            lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested
                ? Results.Ok(new { status = "ready" })
                : Results.Problem("The silo is starting or stopping.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready"));
    }
}
