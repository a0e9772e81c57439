using FlagGrains.AdminConsole;
using FlagGrains.Silo.Access;
using FlagGrains.Silo.Apis.Ofrep;

namespace FlagGrains.Silo.Apis.Http;

/// <summary>
/// The order every request goes through, stated once. Device traffic (the data plane: <c>/ofrep/v1</c>,
/// <c>/v1/flags</c>) and people (admin API, console, telemetry) share one host but not one path through it.
/// </summary>
public static class HttpPipeline
{
    public static WebApplication UseFlagGrainsPipeline(this WebApplication app)
    {
        // 1. Failures become problem details: 503 + Retry-After for an unreachable cluster or database, never a bare 500.
        app.UseExceptionHandler();

        // 2. Empty 4xx answers (unknown path, wrong method) get a problem body too.
        app.UseStatusCodePages();

        // 3. Data plane: the presented key is read and, when this silo serves the environment, verified in memory, once.
        //    Everything after (rate limits, re-fetch hints, OFREP, stream links) uses that one result.
        app.UseWhen(IsDataPlane, data => data.Use(ReadCredential));

        // 4. Rate limits: per verified credential, and per client address for everyone.
        app.UseRateLimiter();

        // 5. OFREP for browsers and slow links: CORS and response compression, for /ofrep only.
        app.UseOfrepDelivery();

        // 6. People: telemetry behind admin tokens, the console with its session, then every endpoint.
        app.MapFlagGrainsApis();
        app.MapFlagGrainsConsole();
        return app;
    }

    public static bool IsDataPlane(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/ofrep/v1", StringComparison.OrdinalIgnoreCase)
        || http.Request.Path.StartsWithSegments("/v1/flags", StringComparison.OrdinalIgnoreCase);

    private static Task ReadCredential(HttpContext http, RequestDelegate next)
    {
        http.RequestServices.GetRequiredService<EnvironmentKeyAuthenticator>().Read(http);
        return next(http);
    }
}
