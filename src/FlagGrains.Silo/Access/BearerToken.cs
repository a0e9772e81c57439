using Microsoft.Extensions.Primitives;

namespace FlagGrains.Silo.Access;

/// <summary>Reads <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
public static class BearerToken
{
    public static bool TryRead(StringValues header, out string token)
    {
        token = TryReadInPlace(header, out var inPlace) ? inPlace.ToString() : "";
        return token.Length > 0;
    }

    /// <summary>The token as a slice of the header value: the evaluation path reads it without copying it.</summary>
    public static bool TryReadInPlace(StringValues header, out ReadOnlyMemory<char> token)
    {
        token = default;
        if (header.Count != 1 || header[0] is not { } value) return false;
        const string scheme = "Bearer ";
        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        token = value.AsMemory(scheme.Length).Trim();
        return token.Length > 0;
    }
}
