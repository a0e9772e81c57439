using Microsoft.Extensions.Primitives;

namespace FlagGrains.Silo.Access;

/// <summary>Reads <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
public static class BearerToken
{
    public static bool TryRead(StringValues header, out string token)
    {
        token = "";
        if (header.Count != 1 || header[0] is not { } value) return false;
        const string scheme = "Bearer ";
        if (!value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        token = value[scheme.Length..].Trim();
        return token.Length > 0;
    }
}
