using System.Globalization;
using FlagGrains.Serving.Resolving;
using FlagGrains.Serving.Snapshots;
using FlagGrains.Silo.Access;
using FlagGrains.Silo.Apis.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// <c>flagConfigEtag</c> / <c>flagConfigLastModified</c> on a bulk re-fetch: the notification's version, echoed back.
/// They are hints, not validators. When this silo is still behind the silo whose stream sent the notification, the
/// re-fetch waits (bounded) for it, so a device does not re-fetch the old answer and then hear nothing more.
/// A bulk request's <c>If-None-Match</c> carrying a version this silo has not reached gets the same wait. Malformed
/// hints are ignored: a re-fetch must never fail over metadata.
/// </summary>
public static class RefetchHint
{
    public const string EtagParameter = "flagConfigEtag";
    public const string LastModifiedParameter = "flagConfigLastModified";

    public static ValueTask WaitForAnnouncedVersionAsync(HttpContext http)
    {
        // Nearly every bulk request carries no parameters, and a revalidation names a version this silo serves already:
        // neither waits, so neither parses the query or builds a condition (measured: the query collection alone was
        // about 4 % of a bulk request's allocations).
        var request = http.Request;
        if (!request.QueryString.HasValue
            && (!EntityTag.TryReadNewestBulkVersion(request.Headers.IfNoneMatch, out var held)
                || http.Features.Get<KeyCredential>() is { IsVerified: true, Snapshot: { } served } && served.Version >= held))
        {
            return ValueTask.CompletedTask;
        }

        return WaitAsync(http);
    }

    private static async ValueTask WaitAsync(HttpContext http)
    {
        var satisfied = Condition(http.Request.Query, http.Request.Headers.IfNoneMatch);
        if (satisfied is null) return;

        // Verified once per request: the evaluation that follows uses the same credential. Only a verified key may
        // make a request wait, so a forged one cannot park requests on this silo.
        var services = http.RequestServices;
        var authenticator = services.GetRequiredService<EnvironmentKeyAuthenticator>();
        if (await authenticator.AuthenticateAsync(http) is not { Snapshot: { } held } granted || satisfied(held)) return;

        services.GetRequiredService<SnapshotResolver>().RequestCatchUp(granted.EnvironmentKey);
        var limit = services.GetRequiredService<IOptions<EventStreamOptions>>().Value.RefetchWaitLimit;
        await services.GetRequiredService<SnapshotRegistry>().WaitForAsync(granted.EnvironmentKey, satisfied, limit, http.RequestAborted);

        // The request answers from the snapshot it waited for, with the key checked again against it.
        authenticator.Advance(granted);
    }

    /// <summary>What the announced configuration looks like; null when the request carries no usable hint.</summary>
    public static Func<ServingSnapshot, bool>? Condition(IQueryCollection query, StringValues ifNoneMatch = default)
    {
        if (query[EtagParameter] is { Count: 1 } tags && EntityTag.TryParseVersion(tags[0], out var version))
            return snapshot => snapshot.Version >= version;

        if (query[LastModifiedParameter] is { Count: 1 } modified && TryParseUnixSeconds(modified[0], out var seconds))
            return snapshot => snapshot.UpdatedAt.ToUnixTimeSeconds() >= seconds;

        // A device revalidating a version this silo has not reached was answered by a silo that is ahead (devices
        // hop silos behind a load balancer). Answering now would move it back to older values; waiting (bounded)
        // keeps what a device sees monotonic, and normally ends in a 304 a few milliseconds later.
        if (EntityTag.TryReadNewestBulkVersion(ifNoneMatch, out var held))
            return snapshot => snapshot.Version >= held;

        return null;
    }

    /// <summary>Unix seconds (what we send) or an ISO 8601 date-time, as ADR-0008 allows.</summary>
    private static bool TryParseUnixSeconds(string? value, out long seconds)
    {
        seconds = 0;
        if (string.IsNullOrEmpty(value) || value.Length > 40) return false;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out seconds)) return true;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)) return false;
        seconds = date.ToUnixTimeSeconds();
        return true;
    }
}
