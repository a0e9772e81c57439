using System.Globalization;

namespace FlagGrains.Testing.Cluster;

/// <summary>The environment version carried by the APIs' ETags.</summary>
public static class EntityTagVersion
{
    /// <summary>Admin ETags are <c>"v{version}"</c>.</summary>
    public static long OfAdmin(string? tag) =>
        tag is ['"', 'v', .. var digits, '"'] ? long.Parse(digits, CultureInfo.InvariantCulture)
            : throw new FormatException($"Admin ETag '{tag}' is not \"v<version>\".");

    /// <summary>OFREP bulk ETags are <c>"{version}-{digest}"</c>.</summary>
    public static long OfBulk(string? tag)
    {
        var dash = tag?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        return tag is ['"', ..] && dash > 1 ? long.Parse(tag.AsSpan(1, dash - 1), CultureInfo.InvariantCulture)
            : throw new FormatException($"Bulk ETag '{tag}' is not \"<version>-<digest>\".");
    }
}
