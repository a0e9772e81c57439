using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using FlagGrains.Contracts.Access;
using FlagGrains.Silo.Access;
using FlagGrains.Silo.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

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
            // Partition keys are values built from what the request already holds: no string is made per request.
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, CredentialPartition>(http => ByCredential(http, limits.Value)),
                PartitionedRateLimiter.Create<HttpContext, IPAddress>(http => ByAddress(http, limits.Value)));
        });
        return services;
    }

    private static RateLimitPartition<IPAddress> ByAddress(HttpContext http, RateLimitOptions limits) =>
        // Lifted: one shared partition, not an idle no-op limiter kept per address seen (those are never collected).
        limits.PerAddressPerSecond == 0
            ? NoAddressLimit
            : Window(ClientAddress.Of(http) ?? IPAddress.None, limits.PerAddressPerSecond);

    /// <summary>
    /// Only a verified credential has a partition of its own: a forged or unknown one counts against its address alone,
    /// so it can neither spend a real key's budget nor grow the limiter's table. The data plane verified its key before
    /// this runs (<see cref="HttpPipeline"/>); an admin token counts as verified while this silo's cache says so.
    /// </summary>
    private static RateLimitPartition<CredentialPartition> ByCredential(HttpContext http, RateLimitOptions limits)
    {
        if (http.Features.Get<KeyCredential>() is { } key)
        {
            // Partition by key id, not by the secret: the limiter's table must not hold credentials.
            return key.IsVerified && key.Kind == ApiKeyKind.Server
                ? Window(new CredentialPartition("server", key.EnvironmentKey, key.KeyId), limits.PerServerKeyPerSecond)
                : NoCredentialLimit;
        }

        return http.Request.Path.StartsWithSegments("/admin")
            && http.RequestServices.GetRequiredService<AdminAuthenticator>().TryGetVerified(http.Request, out var admin)
                ? Window(new CredentialPartition("admin", admin.TokenId, ""), limits.PerAdminTokenPerSecond)
                : NoCredentialLimit;
    }

    // Client keys have no limit of their own (one key is shared by every install of an app); unverified callers have
    // nothing to partition by. Both are left to the per-address limit.
    private static readonly RateLimitPartition<CredentialPartition> NoCredentialLimit = RateLimitPartition.GetNoLimiter(new CredentialPartition("none", "", ""));

    private static readonly RateLimitPartition<IPAddress> NoAddressLimit = RateLimitPartition.GetNoLimiter(IPAddress.None);

    private static RateLimitPartition<TKey> Window<TKey>(TKey key, int permitsPerSecond) => permitsPerSecond == 0
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

    /// <summary>Whose budget a request spends: a server key of an environment, an admin token, or nobody's.</summary>
    private readonly record struct CredentialPartition(string Kind, string Scope, string Id);
}
