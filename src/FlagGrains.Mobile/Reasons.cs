namespace FlagGrains.Mobile;

/// <summary>OpenFeature resolution reasons the client itself produces; server reasons pass through unchanged.</summary>
public static class Reasons
{
    /// <summary>The value comes from the device cache of an earlier session.</summary>
    public const string Cached = "CACHED";

    /// <summary>The code default was returned.</summary>
    public const string Default = "DEFAULT";

    /// <summary>A bootstrap value was returned.</summary>
    public const string Static = "STATIC";

    /// <summary>The code default was returned because of an error (see the error code).</summary>
    public const string Error = "ERROR";
}
