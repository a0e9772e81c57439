using System.Diagnostics;
using System.Text.Json;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Silo.Access;
using FlagGrains.Silo.Apis.Http;
using FlagGrains.Silo.Apis.Streams;
using FlagGrains.Silo.Telemetry;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>
/// OFREP evaluation (<c>/ofrep/v1/evaluate/flags</c>), answered from this silo's gateway snapshot: no grain call and no
/// database access once the environment's gateway is warm.
/// </summary>
public static class OfrepApi
{
    private static readonly JsonDocumentOptions ContextParsing = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public static void MapOfrepApi(this IEndpointRouteBuilder routes)
    {
        // As Delegate, not RequestDelegate: only route handlers are described in the OpenAPI document.
        routes.MapPost("/ofrep/v1/evaluate/flags/{key}", (Delegate)EvaluateFlagAsync).WithTags("OFREP");
        routes.MapPost("/ofrep/v1/evaluate/flags", (Delegate)EvaluateAllAsync).WithTags("OFREP");
    }

    private static async Task EvaluateFlagAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var flagKey = (string)http.Request.RouteValues["key"]!;
        var request = await OfrepRequest.ReadAsync(http, ContextParsing);
        if (request is null) return;
        using (request)
        {
            var result = request.Flags.Evaluate(flagKey, request.Context);
            request.Access.Snapshot!.Usage?.Record(flagKey, result);
            await OfrepWriter.WriteSingleAsync(http.Response, result);
        }

        http.RequestServices.GetRequiredService<HttpMetrics>().EvaluationAnswered(started, bulk: false);
    }

    private static async Task EvaluateAllAsync(HttpContext http)
    {
        await RefetchHint.WaitForAnnouncedVersionAsync(http);
        var started = Stopwatch.GetTimestamp();
        var request = await OfrepRequest.ReadAsync(http, ContextParsing);
        if (request is null) return;
        var services = http.RequestServices;
        using (request)
        {
            var stream = services.GetRequiredService<EventStreamAdvertiser>().For(http.Request, request.Access);
            var etag = BulkEntityTag.Compute(request.Access.Snapshot!, request.RawContext.Span, stream?.Url);
            OfrepCacheHeaders.Apply(http.Response, etag, services.GetRequiredService<IOptions<OfrepHttpOptions>>().Value.BulkCacheControl);
            if (EntityTag.Matches(http.Request.Headers.IfNoneMatch, etag))
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            await OfrepWriter.WriteBulkAsync(http.Response, request.Flags, request.Context, stream, request.Access.Snapshot!.Usage);
        }

        services.GetRequiredService<HttpMetrics>().EvaluationAnswered(started, bulk: true);
    }
}
