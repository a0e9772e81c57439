using System.Net;
using System.Threading.RateLimiting;
using FlagGrains.Contracts.Access;
using FlagGrains.Silo.Access;

namespace FlagGrains.Silo.Apis.Http;

/// <summary>
/// The global limiter: a request spends a permit of its verified credential's window (server key, admin token), then
/// one of its address's. In place of ASP.NET's chained partitioned limiters, which allocated a lease array, a combined
/// lease and a closure per request, and whose partitions cost as much as the credential check (measured: 0.35–0.5 µs of
/// an evaluation's CPU).
/// </summary>
public sealed class RequestRateLimiter(RateLimitOptions limits, TimeProvider clock) : PartitionedRateLimiter<HttpContext>
{
    /// <summary>Keys per table before new ones share an overflow window; far above any one silo's distinct callers per 10 s.</summary>
    public const int Capacity = 100_000;

    private readonly FixedWindowCounters<IPAddress>? _byAddress = Counters<IPAddress>(limits.PerAddressPerSecond, clock);
    private readonly FixedWindowCounters<(string Environment, string KeyId)>? _byServerKey = Counters<(string, string)>(limits.PerServerKeyPerSecond, clock);
    private readonly FixedWindowCounters<string>? _byAdminToken = Counters<string>(limits.PerAdminTokenPerSecond, clock);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext http, int permitCount)
    {
        if (permitCount == 0) return Lease.Granted;
        if (!TryTakeCredential(http, out var retryAfter)) return new Lease(retryAfter);
        if (_byAddress is not null && !_byAddress.TryTake(ClientAddress.Of(http) ?? IPAddress.None, out retryAfter)) return new Lease(retryAfter);
        return Lease.Granted;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext http, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(http, permitCount));

    /// <summary>
    /// Only a verified credential has a window of its own: a forged or unknown one counts against its address alone,
    /// so it can neither spend a real key's budget nor grow a table. Client keys have none (one key is shared by every
    /// install of an app). The data plane verified its key before this runs (<see cref="HttpPipeline"/>); an admin
    /// token counts as verified while this silo's cache says so. Windows are kept by key id, never by the secret.
    /// </summary>
    private bool TryTakeCredential(HttpContext http, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (http.Features.Get<KeyCredential>() is { } key)
        {
            return _byServerKey is null || !key.IsVerified || key.Kind != ApiKeyKind.Server
                || _byServerKey.TryTake((key.EnvironmentKey, key.KeyId), out retryAfter);
        }

        return _byAdminToken is null
            || !http.Request.Path.StartsWithSegments("/admin")
            || !http.RequestServices.GetRequiredService<AdminAuthenticator>().TryGetVerified(http.Request, out var admin)
            || _byAdminToken.TryTake(admin.TokenId, out retryAfter);
    }

    // A limit of 0 is off: no table at all.
    private static FixedWindowCounters<TKey>? Counters<TKey>(int permitsPerSecond, TimeProvider clock) where TKey : notnull =>
        permitsPerSecond == 0 ? null : new FixedWindowCounters<TKey>(permitsPerSecond, Capacity, clock);

    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
