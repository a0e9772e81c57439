using System.Globalization;
using System.Threading.RateLimiting;
using FlagGrains.Domain.Access;
using FlagGrains.Silo.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FlagGrains.Silo.Apis.Http;

/// <summary>
/// ASP.NET Core's rate limiter, chained per credential and per address. Rejections are 429 with an integer
/// Retry-After and problem details; the middleware's default would be a bare 503, which clients read as an outage.
/// </summary>
public static partial class RateLimiting
{
    public static IServiceCollection AddFlagGrainsRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.PerAddressPerSecond >= 0 && o.PerServerKeyPerSecond >= 0 && o.PerAdminTokenPerSecond >= 0, "Rate limits must not be negative.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => ByCredential(http, limits.Value)),
                PartitionedRateLimiter.Create<HttpContext, string>(http => ByAddress(http, limits.Value)));
        });
        return services;
    }

    private static RateLimitPartition<string> ByAddress(HttpContext http, RateLimitOptions limits)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return Window("address:" + address, limits.PerAddressPerSecond);
    }

    private static RateLimitPartition<string> ByCredential(HttpContext http, RateLimitOptions limits)
    {
        var header = http.Request.Headers[HeaderNames.Authorization].ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : http.Request.Headers["X-API-Key"].ToString();
        if (token.Length == 0 || token.Length > 512) return RateLimitPartition.GetNoLimiter("anonymous");

        if (ApiKeyFormat.TryParse(token, out var parsed))
        {
            // Partition by key id, not by the secret: the limiter's table must not hold credentials.
            return parsed.IsServerKey(token)
                ? Window($"server:{token[parsed.Project]}/{token[parsed.Environment]}/{token[parsed.KeyId]}", limits.PerServerKeyPerSecond)
                : RateLimitPartition.GetNoLimiter("client-keys");
        }

        return http.Request.Path.StartsWithSegments("/admin")
            ? Window("admin:" + ApiKeyFormat.Sha256Hex(token)[..16], limits.PerAdminTokenPerSecond)
            : RateLimitPartition.GetNoLimiter("other");
    }

    private static RateLimitPartition<string> Window(string key, int permitsPerSecond) => permitsPerSecond == 0
        ? RateLimitPartition.GetNoLimiter(key)
        : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitsPerSecond,
            Window = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

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
