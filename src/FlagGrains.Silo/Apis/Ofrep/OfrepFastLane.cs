using System.Threading.RateLimiting;
using FlagGrains.Silo.Access;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>
/// The two OFREP evaluation endpoints, answered in place when a request needs nothing but its evaluation and perhaps
/// compression: a key this silo verified in memory and no CORS (no <c>Origin</c>). A bulk answer is compressed by the
/// same response-compression middleware as elsewhere when the device asks for it (mobile HTTP stacks do); a single
/// flag's answer is too small to gain from it. Everything else — a cold or unknown key, a browser, any other path —
/// goes on down the data-plane pipeline, which answers it exactly as before.
/// </summary>
/// <remarks>
/// Measured with the load harness: CORS and compression checks, routing, the endpoint invoker and the rate-limiting
/// middleware's own bookkeeping were a fifth of an evaluation's server CPU. The rate limit itself still applies: the
/// same global limiter is asked here, and a refusal is answered by the same handler as the middleware's.
/// </remarks>
public sealed class OfrepFastLane(OfrepEndpoints endpoints, IOptions<RateLimiterOptions> limiting)
{
    private const string BulkPath = "/ofrep/v1/evaluate/flags";

    private readonly PartitionedRateLimiter<HttpContext>? _limiter = limiting.Value.GlobalLimiter;
    private readonly RateLimiterOptions _limiting = limiting.Value;
    private RequestDelegate _compressedBulk = endpoints.EvaluateAllAsync;

    /// <summary>The lane as a middleware of <paramref name="pipeline"/>, whose response compression it borrows.</summary>
    public Func<HttpContext, RequestDelegate, Task> For(IApplicationBuilder pipeline)
    {
        var compressed = pipeline.New();
        compressed.UseResponseCompression();
        compressed.Run(endpoints.EvaluateAllAsync);
        _compressedBulk = compressed.Build();
        return ServeOrPassAsync;
    }

    private Task ServeOrPassAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method)
            || !TryMatch(request.Path.Value, out var flagKey)
            || request.Headers.ContainsKey(HeaderNames.Origin)
            || http.Features.Get<KeyCredential>() is not { IsVerified: true })
        {
            return next(http);
        }

        var lease = _limiter?.AttemptAcquire(http);
        if (lease is { IsAcquired: false }) return RejectAsync(http, lease);

        var answering = flagKey is not null ? endpoints.EvaluateFlagAsync(http, flagKey)
            : request.Headers.ContainsKey(HeaderNames.AcceptEncoding) ? _compressedBulk(http)
            : endpoints.EvaluateAllAsync(http);
        if (lease is null) return answering;
        if (answering.IsCompletedSuccessfully)
        {
            lease.Dispose();
            return Task.CompletedTask;
        }

        return ReleaseAfterAsync(answering, lease);
    }

    /// <summary>
    /// Exactly <c>/ofrep/v1/evaluate/flags</c> (bulk, <paramref name="flagKey"/> null) or one more non-empty segment
    /// (single flag); trailing slashes and anything else are left to routing.
    /// </summary>
    internal static bool TryMatch(string? path, out string? flagKey)
    {
        flagKey = null;
        if (path is null || !path.StartsWith(BulkPath, StringComparison.OrdinalIgnoreCase)) return false;
        if (path.Length == BulkPath.Length) return true;
        if (path[BulkPath.Length] != '/' || path.Length == BulkPath.Length + 1 || path.IndexOf('/', BulkPath.Length + 1) >= 0) return false;
        flagKey = path[(BulkPath.Length + 1)..];
        return true;
    }

    private async Task RejectAsync(HttpContext http, RateLimitLease lease)
    {
        using (lease)
        {
            http.Response.StatusCode = _limiting.RejectionStatusCode;
            if (_limiting.OnRejected is { } onRejected)
                await onRejected(new OnRejectedContext { HttpContext = http, Lease = lease }, http.RequestAborted);
        }
    }

    private static async Task ReleaseAfterAsync(Task answering, RateLimitLease lease)
    {
        using (lease)
        {
            await answering;
        }
    }
}
