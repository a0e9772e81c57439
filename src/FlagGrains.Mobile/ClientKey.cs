namespace FlagGrains.Mobile;

/// <summary>
/// What the client key says about where it belongs: <c>fgc.{project}.{environment}.{keyId}.{secret}</c>. The cache is
/// keyed by environment, so rotating a key keeps the cache and two environments never share one.
/// </summary>
internal static class ClientKey
{
    public static string EnvironmentOf(string key)
    {
        var parts = key.Split('.');
        return parts.Length == 5 && parts[1].Length > 0 && parts[2].Length > 0
            ? parts[1] + "/" + parts[2]
            : "key-" + Storage.CachedFlags.NameFor("key", key).Substring("flags-".Length);
    }
}
