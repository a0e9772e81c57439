using System.Collections.Concurrent;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Domain.Access;
using Microsoft.Net.Http.Headers;

namespace FlagGrains.Silo.Access;

/// <summary>
/// Resolves an admin bearer token to its role. Answers are cached briefly per silo so admin traffic does not hammer
/// the directory grain; the cache lifetime bounds how long a revoked token keeps working.
/// </summary>
public sealed class AdminAuthenticator(IGrainFactory grains, TimeProvider clock)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (AdminTokenInfo? Token, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    /// <summary>The token's identity if this silo verified it within the cache lifetime; never calls a grain.</summary>
    public bool TryGetVerified(HttpRequest request, out AdminTokenInfo token)
    {
        token = null!;
        if (!BearerToken.TryRead(request.Headers[HeaderNames.Authorization], out var presented) || presented.Length > 512) return false;
        if (!_cache.TryGetValue(ApiKeyFormat.Sha256Hex(presented), out var cached) || cached.Expires <= clock.GetUtcNow() || cached.Token is null) return false;
        token = cached.Token;
        return true;
    }

    public async ValueTask<AdminTokenInfo?> AuthenticateAsync(HttpRequest request)
    {
        if (!BearerToken.TryRead(request.Headers[HeaderNames.Authorization], out var token) || token.Length > 512) return null;

        var hash = ApiKeyFormat.Sha256Hex(token);
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Expires > now) return cached.Token;

        var found = await grains.GetGrain<IAdminDirectoryGrain>(GrainKeys.AdminDirectory).FindByHashAsync(hash);
        if (_cache.Count > 10_000) _cache.Clear();
        _cache[hash] = (found, now + CacheLifetime);
        return found;
    }
}
