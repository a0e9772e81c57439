using FlagGrains.AdminConsole;
using FlagGrains.Silo.Access;
using FlagGrains.Silo.Apis.Ofrep;
using FlagGrains.Silo.Apis.Server;
using FlagGrains.Silo.Apis.Streams;

namespace FlagGrains.Silo.Apis.Http;

/// <summary>
/// The order every request goes through, stated once. Device traffic (the data plane: <c>/ofrep/v1</c>,
/// <c>/v1/flags</c>) and people (admin API, console, telemetry) share one host but not one path through it: the data
/// plane branches off first and never passes the session, authorization, antiforgery and status-page machinery the
/// console and admin API need, which cost a device request more than its evaluation did.
/// </summary>
public static class HttpPipeline
{
    public static WebApplication UseFlagGrainsPipeline(this WebApplication app)
    {
        // Data plane: a branch of its own that ends in its own endpoints.
        app.MapWhen(IsDataPlane, data => data
            // 0. Event streams are admitted through steps 1, 2 and 5 (and the OFREP cross-origin policy), then served
            //    outside them: every middleware still awaiting an open stream keeps its state for the stream's life,
            //    multiplied by every open stream.
            .Use(EventStreamGate.For(data, admission => admission.UseExceptionHandler().Use(ProblemForEmptyErrors).UseRateLimiter()))
            // 1. Cluster or database unreachable on a cold path: 503 + Retry-After with problem details, never a bare 500.
            .UseExceptionHandler()
            // 2. An empty 4xx (unknown path, wrong method) still gets a problem body.
            .Use(ProblemForEmptyErrors)
            // 3. The presented key is read and, when this silo serves the environment, verified in memory, once;
            //    rate limits, re-fetch hints and OFREP all use that one result.
            .Use(ReadCredential(app.Services.GetRequiredService<EnvironmentKeyAuthenticator>()))
            // 4. Evaluations with a verified key and no CORS are answered here, rate limit and compression included;
            //    the steps below are for everything else.
            .Use(data.ApplicationServices.GetRequiredService<OfrepFastLane>().For(data))
            // 5. Rate limits: per verified credential, and per client address for everyone.
            .UseRateLimiter()
            // 6. Browsers and slow links: CORS and response compression, for /ofrep only.
            .UseOfrepDelivery()
            .UseRouting()
            .UseEndpoints(endpoints =>
            {
                endpoints.MapOfrepApi();
                endpoints.MapEventStreamApi();
                endpoints.MapServerFlagsApi();
            }));

        // Control plane: admin API, console, telemetry, health, OpenAPI.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapFlagGrainsApis();
        app.MapFlagGrainsConsole();
        return app;
    }

    public static bool IsDataPlane(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/ofrep/v1", StringComparison.OrdinalIgnoreCase)
        || http.Request.Path.StartsWithSegments("/v1/flags", StringComparison.OrdinalIgnoreCase);

    /// <summary>The authenticator is taken once here: reading it from RequestServices would create a scope per request.</summary>
    private static Func<HttpContext, RequestDelegate, Task> ReadCredential(EnvironmentKeyAuthenticator authenticator) => (http, next) =>
    {
        authenticator.Read(http);
        return next(http);
    };

    private static Task ProblemForEmptyErrors(HttpContext http, RequestDelegate next)
    {
        var handled = next(http);
        return handled.IsCompletedSuccessfully ? WriteProblemIfEmpty(http) : AwaitThenWrite(handled, http);

        static async Task AwaitThenWrite(Task handled, HttpContext http)
        {
            await handled;
            await WriteProblemIfEmpty(http);
        }
    }

    private static Task WriteProblemIfEmpty(HttpContext http)
    {
        var response = http.Response;
        if (response.StatusCode < 400 || response.HasStarted || response.ContentLength is not null || response.ContentType is not null)
            return Task.CompletedTask;
        return TypedResults.Problem(statusCode: response.StatusCode).ExecuteAsync(http);
    }
}
