using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FlagGrains.Grains.Gateways;
using Microsoft.Extensions.Primitives;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>
/// Strong ETag of a bulk evaluation: environment version plus a digest of environment, advertised stream URL and
/// context, so any silo computes the same tag for the same answer and a device's conditional poll costs no
/// evaluation. The stream URL is part of the body (its credential changes per window), so it is part of the tag:
/// a 304 never confirms an expired stream URL.
/// </summary>
public static class BulkEntityTag
{
    public static string Compute(GatewaySnapshot snapshot, ReadOnlySpan<byte> rawContext, string? streamUrl = null)
    {
        var prefixBytes = Encoding.UTF8.GetMaxByteCount(snapshot.EnvironmentKey.Length + (streamUrl?.Length ?? 0) + 1);
        var rented = ArrayPool<byte>.Shared.Rent(prefixBytes + rawContext.Length);
        try
        {
            var written = Encoding.UTF8.GetBytes(snapshot.EnvironmentKey, rented);
            if (streamUrl is not null)
            {
                rented[written++] = 0;
                written += Encoding.UTF8.GetBytes(streamUrl, rented.AsSpan(written));
            }

            rawContext.CopyTo(rented.AsSpan(written));
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(rented.AsSpan(0, written + rawContext.Length), digest);
            return string.Create(CultureInfo.InvariantCulture, $"\"{snapshot.Version}-{Convert.ToHexStringLower(digest[..12])}\"");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The highest environment version among the tags (ours start <c>"{version}-</c>); false when none is ours.</summary>
    public static bool TryReadNewestVersion(StringValues ifNoneMatch, out long version)
    {
        version = -1;
        foreach (var header in ifNoneMatch)
        {
            if (header is null) continue;
            foreach (var candidate in header.Split(','))
            {
                var tag = candidate.AsSpan().Trim();
                if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
                if (tag.Length < 3 || tag[0] != '"') continue;
                var dash = tag.IndexOf('-');
                if (dash > 1 && long.TryParse(tag[1..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > version)
                    version = parsed;
            }
        }

        return version >= 0;
    }

    public static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            if (header is null) continue;
            foreach (var candidate in header.Split(','))
            {
                var tag = candidate.Trim();
                if (tag == "*" || tag == etag || (tag.StartsWith("W/", StringComparison.Ordinal) && tag[2..] == etag)) return true;
            }
        }

        return false;
    }
}
