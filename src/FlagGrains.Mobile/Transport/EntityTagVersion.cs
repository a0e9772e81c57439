using System.Globalization;

namespace FlagGrains.Mobile.Transport;

/// <summary>
/// FlagGrains bulk ETags start with the environment version (<c>"{version}-{digest}"</c>), which lets the SDK tell an
/// older answer from a newer one. Tags of other servers simply have no version.
/// </summary>
internal static class EntityTagVersion
{
    public static bool TryRead(string? etag, out long version)
    {
        version = 0;
        if (etag is null) return false;
        var tag = etag.StartsWith("W/", StringComparison.Ordinal) ? etag.Substring(2) : etag;
        var dash = tag.IndexOf('-');
        return tag.Length > 2 && tag[0] == '"' && dash > 1
            && long.TryParse(tag.Substring(1, dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
