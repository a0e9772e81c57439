using FlagGrains.Domain.Access;
using FlagGrains.Silo.Access;
using Microsoft.Net.Http.Headers;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>The key id of the client or server key a request presented, read the way the authenticator reads it.</summary>
public static class PresentedKey
{
    public static string? KeyId(HttpRequest request)
    {
        string? token = BearerToken.TryRead(request.Headers[HeaderNames.Authorization], out var bearer)
            ? bearer
            : request.Headers["X-API-Key"] is { Count: 1 } apiKey ? apiKey[0] : null;
        return token is not null && ApiKeyFormat.TryParse(token, out var parsed) ? token[parsed.KeyId] : null;
    }
}
