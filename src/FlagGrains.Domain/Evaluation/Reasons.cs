namespace FlagGrains.Domain.Evaluation;

/// <summary>OpenFeature resolution reasons, spelled exactly as the OpenFeature spec and OFREP expect.</summary>
public static class Reasons
{
    /// <summary>The flag has no targeting; the value can be cached.</summary>
    public const string Static = "STATIC";

    /// <summary>The configured default variant was used, or (with no value) the caller's code default.</summary>
    public const string Default = "DEFAULT";

    /// <summary>Targeting selected the variant, including fractional splits.</summary>
    public const string TargetingMatch = "TARGETING_MATCH";

    /// <summary>The flag is disabled; no value, the caller uses its code default.</summary>
    public const string Disabled = "DISABLED";

    /// <summary>Evaluation failed; see the error code.</summary>
    public const string Error = "ERROR";
}
