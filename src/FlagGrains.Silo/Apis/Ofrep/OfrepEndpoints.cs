using System.Diagnostics;
using System.Text.Json;
using FlagGrains.Silo.Access;
using FlagGrains.Silo.Apis.Http;
using FlagGrains.Silo.Apis.Streams;
using FlagGrains.Silo.Telemetry;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>
/// OFREP evaluation, answered from this silo's gateway snapshot: no grain call and no database access once the
/// environment's gateway is warm. Its services are held here rather than read from <c>HttpContext.RequestServices</c>,
/// which would create a dependency-injection scope for every evaluation (measured: a tenth of its allocations).
/// </summary>
public sealed class OfrepEndpoints(
    EnvironmentKeyAuthenticator authenticator,
    IOptions<EvaluationLimits> limits,
    IOptions<OfrepHttpOptions> delivery,
    EventStreamAdvertiser streams,
    HttpMetrics metrics)
{
    private static readonly JsonDocumentOptions ContextParsing = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    internal Task EvaluateRoutedFlagAsync(HttpContext http) => EvaluateFlagAsync(http, (string)http.Request.RouteValues["key"]!);

    internal async Task EvaluateFlagAsync(HttpContext http, string flagKey)
    {
        var started = Stopwatch.GetTimestamp();
        var request = await OfrepRequest.ReadAsync(http, authenticator, limits.Value, ContextParsing, flagKey);
        if (request is null) return;
        using (request)
        {
            var result = request.Flags.Evaluate(flagKey, request.Context);
            request.Access.Snapshot!.Usage?.Record(flagKey, result);
            await OfrepWriter.WriteSingleAsync(http.Response, result);
        }

        metrics.EvaluationAnswered(started, bulk: false);
    }

    internal async Task EvaluateAllAsync(HttpContext http)
    {
        await RefetchHint.WaitForAnnouncedVersionAsync(http);
        var started = Stopwatch.GetTimestamp();
        var request = await OfrepRequest.ReadAsync(http, authenticator, limits.Value, ContextParsing);
        if (request is null) return;
        using (request)
        {
            var stream = streams.For(http.Request, request.Access);
            var etag = BulkEntityTag.Compute(request.Access.Snapshot!, request.RawContext.Span, stream?.Url);
            OfrepCacheHeaders.Apply(http.Response, etag, delivery.Value.BulkCacheControl);
            if (EntityTag.Matches(http.Request.Headers.IfNoneMatch, etag))
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            await OfrepWriter.WriteBulkAsync(http.Response, request.Flags, request.Context, stream, request.Access.Snapshot!.Usage);
        }

        metrics.EvaluationAnswered(started, bulk: true);
    }
}
