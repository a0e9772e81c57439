using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace FlagGrains.Silo.Apis.Http;

/// <summary>
/// Every ETag this service writes or reads, in one place. Two shapes, both starting with the environment version so a
/// silo can tell from a tag alone whether it is behind: <c>"v{n}"</c> for a version as such (admin documents, the
/// server-SDK document, stream notifications and their re-fetch hints) and <c>"{n}-{digest}"</c> for one bulk answer.
/// </summary>
public static class EntityTag
{
    /// <summary><c>"v{n}"</c>.</summary>
    public static string ForVersion(long version) => $"\"v{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary><c>"{version}-{hex of digest}"</c>: a bulk answer at one version for one context.</summary>
    public static string ForBulk(long version, ReadOnlySpan<byte> digest)
    {
        // Formatted in place: one string per bulk answer, not a hex string and then the tag around it.
        Span<char> tag = stackalloc char[2 + 20 + 1 + (2 * digest.Length)];
        tag[0] = '"';
        version.TryFormat(tag[1..], out var written, provider: CultureInfo.InvariantCulture);
        tag[++written] = '-';
        Convert.TryToHexStringLower(digest, tag[++written..], out var hex);
        written += hex;
        tag[written++] = '"';
        return new string(tag[..written]);
    }

    /// <summary>Accepts <c>"v12"</c>, <c>W/"v12"</c> and <c>v12</c> (a re-fetch hint); false for anything else.</summary>
    public static bool TryParseVersion(string? value, out long version)
    {
        version = 0;
        if (string.IsNullOrEmpty(value) || value.Length > 32) return false;
        var span = value.AsSpan().Trim();
        if (span.StartsWith("W/")) span = span[2..];
        if (span.Length >= 2 && span[0] == '"' && span[^1] == '"') span = span[1..^1];
        return span.Length > 1 && span[0] == 'v'
            && long.TryParse(span[1..], NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    /// <summary>If-Match of a write: false when malformed; <paramref name="version"/> null when absent or <c>*</c>.</summary>
    public static bool TryParseIfMatch(StringValues header, out long? version)
    {
        version = null;
        if (StringValues.IsNullOrEmpty(header) || header == "*") return true;
        if (header.Count != 1) return false;

        var value = header[0]!.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"' || !TryParseVersion(value, out var parsed)) return false;
        version = parsed;
        return true;
    }

    /// <summary>The highest environment version among bulk tags in If-None-Match; false when none is ours.</summary>
    public static bool TryReadNewestBulkVersion(StringValues ifNoneMatch, out long version)
    {
        version = -1;
        foreach (var header in ifNoneMatch)
        {
            if (header is null) continue;
            foreach (var range in header.AsSpan().Split(','))
            {
                var tag = header.AsSpan()[range].Trim();
                if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
                if (tag.Length < 3 || tag[0] != '"') continue;
                var dash = tag.IndexOf('-');
                if (dash > 1 && long.TryParse(tag[1..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > version)
                    version = parsed;
            }
        }

        return version >= 0;
    }

    /// <summary>Weak comparison of If-None-Match against a current tag (RFC 9110 §13.1.2); <c>*</c> matches.</summary>
    public static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            if (header is null) continue;
            foreach (var range in header.AsSpan().Split(','))
            {
                var tag = header.AsSpan()[range].Trim();
                if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
                if (tag is "*" || tag.SequenceEqual(etag)) return true;
            }
        }

        return false;
    }
}
