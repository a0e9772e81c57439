using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>Admin ETags are the environment version, <c>"v{n}"</c>, so If-Match maps onto the grain's version check.</summary>
public static class EntityTags
{
    public static string ForVersion(long version) => $"\"v{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>False for a malformed header; <paramref name="version"/> null when the header is absent or <c>*</c>.</summary>
    public static bool TryParseIfMatch(StringValues header, out long? version)
    {
        version = null;
        if (StringValues.IsNullOrEmpty(header) || header == "*") return true;
        if (header.Count != 1) return false;

        var value = header[0]!.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        if (value.Length < 4 || value[0] != '"' || value[^1] != '"' || value[1] != 'v') return false;
        if (!long.TryParse(value.AsSpan(2, value.Length - 3), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return false;
        version = parsed;
        return true;
    }
}
