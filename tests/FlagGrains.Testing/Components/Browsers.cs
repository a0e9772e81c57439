namespace FlagGrains.Testing.Components;

/// <summary>Where the browser tests find Chromium: Debian's package, never a downloaded browser.</summary>
public static class Browsers
{
    public const string ChromiumPath = "/usr/bin/chromium";
}
