using FlagGrains.Grains.Gateways;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>Builds the stream URL a bulk response advertises to the key that asked.</summary>
public sealed class EventStreamAdvertiser(IOptions<EventStreamOptions> options, StreamSigningKeys keys, TimeProvider clock)
{
    public const string Path = "/ofrep/v1/event-stream";

    /// <summary>Null when streams are off or not ready yet; the client then polls.</summary>
    public EventStreamLink? For(HttpRequest request, GatewaySnapshot snapshot)
    {
        var settings = options.Value;
        if (!settings.Enabled || keys.Current is not { } signingKey || PresentedKey.KeyId(request) is not { } keyId) return null;

        var origin = settings.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : request.Host.HasValue ? $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}" : null;
        if (origin is null) return null;

        var expires = StreamCredential.ExpiryFor(clock.GetUtcNow(), settings.CredentialLifetime);
        var token = StreamCredential.Issue(signingKey, snapshot.EnvironmentKey, keyId, expires);
        return new EventStreamLink($"{origin}{Path}?token={token}", (int)Math.Ceiling(settings.InactivityDelay.TotalSeconds));
    }
}
