using System.Collections.Concurrent;
using FlagGrains.Silo.Access;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// Builds the stream URL a bulk response advertises to the key that asked. The URL only changes per credential
/// window, so it is cached: the hot path pays a dictionary lookup, not an HMAC.
/// </summary>
public sealed class EventStreamAdvertiser(IOptions<EventStreamOptions> options, StreamSigningKeys keys, TimeProvider clock)
{
    public const string Path = "/ofrep/v1/event-stream";

    /// <summary>Origins × keys seen recently; cleared wholesale beyond this, as hostile Host headers could grow it.</summary>
    private const int MaxCached = 10_000;

    // Keyed by the request's own strings (scheme, Host header, path base), so a hit builds no origin string.
    private readonly ConcurrentDictionary<(string Scheme, string Host, string PathBase, string Environment, string KeyId), (DateTimeOffset Expires, EventStreamLink Link)> _cache = new();

    /// <summary>Null when streams are off or not ready yet; the client then polls.</summary>
    public EventStreamLink? For(HttpRequest request, KeyCredential verified)
    {
        var settings = options.Value;
        if (!settings.Enabled || keys.Current is not { } signingKey || !verified.IsVerified) return null;
        var (snapshot, keyId) = (verified.Snapshot!, verified.KeyId);

        var configured = settings.PublicBaseUrl is { Length: > 0 };
        if (!configured && !request.Host.HasValue) return null;

        var expires = StreamCredential.ExpiryFor(clock.GetUtcNow(), settings.CredentialLifetime);
        var key = configured
            ? ("", "", "", snapshot.EnvironmentKey, keyId)
            : (request.Scheme, request.Host.Value!, request.PathBase.Value ?? "", snapshot.EnvironmentKey, keyId);
        if (_cache.TryGetValue(key, out var cached) && cached.Expires == expires) return cached.Link;

        var origin = configured
            ? settings.PublicBaseUrl!.TrimEnd('/')
            : $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}";
        var token = StreamCredential.Issue(signingKey, snapshot.EnvironmentKey, keyId, expires);
        var link = new EventStreamLink($"{origin}{Path}?token={token}", (int)Math.Ceiling(settings.InactivityDelay.TotalSeconds));
        if (_cache.Count >= MaxCached) _cache.Clear();
        _cache[key] = (expires, link);
        return link;
    }
}
