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
/// <remarks>
/// Known tokens and unknown strings are cached apart. Anyone can send unknown strings, so only their cache is bounded
/// and emptied when full; known tokens are as many as the directory holds and are never pushed out by junk.
/// </remarks>
public sealed class AdminAuthenticator(IGrainFactory grains, TimeProvider clock)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);
    internal const int MaxUnknownCached = 10_000;

    private readonly ConcurrentDictionary<string, (AdminTokenInfo Token, DateTimeOffset Expires)> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unknown = new(StringComparer.Ordinal);

    /// <summary>The token's identity if this silo verified it within the cache lifetime; never calls a grain.</summary>
    public bool TryGetVerified(HttpRequest request, out AdminTokenInfo token)
    {
        token = null!;
        if (!BearerToken.TryRead(request.Headers[HeaderNames.Authorization], out var presented) || presented.Length > 512) return false;
        if (!_known.TryGetValue(ApiKeyFormat.Sha256Hex(presented), out var cached) || cached.Expires <= clock.GetUtcNow()) return false;
        token = cached.Token;
        return true;
    }

    public async ValueTask<AdminTokenInfo?> AuthenticateAsync(HttpRequest request)
    {
        if (!BearerToken.TryRead(request.Headers[HeaderNames.Authorization], out var token) || token.Length > 512) return null;

        var hash = ApiKeyFormat.Sha256Hex(token);
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(hash, out var known) && known.Expires > now) return known.Token;
        if (_unknown.TryGetValue(hash, out var unknownUntil) && unknownUntil > now) return null;

        var found = await grains.GetGrain<IAdminDirectoryGrain>(GrainKeys.AdminDirectory).FindByHashAsync(hash);
        if (found is null)
        {
            _known.TryRemove(hash, out _);
            if (_unknown.Count >= MaxUnknownCached) _unknown.Clear();
            _unknown[hash] = now + CacheLifetime;
        }
        else
        {
            _unknown.TryRemove(hash, out _);
            _known[hash] = (found, now + CacheLifetime);
        }

        return found;
    }
}
