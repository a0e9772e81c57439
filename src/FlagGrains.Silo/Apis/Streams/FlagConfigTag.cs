using System.Globalization;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// The <c>etag</c> of a notification and the <c>flagConfigEtag</c> a client echoes back: the environment version as
/// <c>"v{n}"</c>, the same tag the admin API uses for that version.
/// </summary>
public static class FlagConfigTag
{
    public static string Format(long version) => $"\"v{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Accepts <c>"v12"</c>, <c>W/"v12"</c> and <c>v12</c>; false for anything else.</summary>
    public static bool TryParse(string? value, out long version)
    {
        version = 0;
        if (string.IsNullOrEmpty(value) || value.Length > 32) return false;
        var span = value.AsSpan().Trim();
        if (span.StartsWith("W/")) span = span[2..];
        if (span.Length >= 2 && span[0] == '"' && span[^1] == '"') span = span[1..^1];
        return span.Length > 1 && span[0] == 'v'
            && long.TryParse(span[1..], NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
