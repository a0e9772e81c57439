using System.Globalization;
using System.Threading.RateLimiting;
using FlagGrains.Silo.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Apis.Http;

/// <summary>
/// ASP.NET Core's rate-limiting middleware with our limiter (<see cref="RequestRateLimiter"/>: per verified credential,
/// then per address). Rejections are 429 with an integer Retry-After and problem details; the middleware's default
/// would be a bare 503, which clients read as an outage.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddFlagGrainsRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => new[] { o.PerAddressPerSecond, o.PerServerKeyPerSecond, o.PerAdminTokenPerSecond }.All(limit => limit is >= 0 and <= FixedWindowCounters<string>.MaxPermitsPerSecond),
                $"Rate limits must be between 0 (off) and {FixedWindowCounters<string>.MaxPermitsPerSecond} per second.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.GlobalLimiter = new RequestRateLimiter(limits.Value, TimeProvider.System);
        });
        return services;
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var http = context.HttpContext;
        http.RequestServices.GetService<HttpMetrics>()?.RateLimitRejected();
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Rate limit exceeded; retry after {seconds} seconds.",
            },
        });
    }

}
