namespace FlagGrains.Domain.Evaluation;

/// <summary>OpenFeature error codes. OFREP maps <see cref="FlagNotFound"/> to 404 and the rest to 400.</summary>
public static class ErrorCodes
{
    public const string FlagNotFound = "FLAG_NOT_FOUND";
    public const string ParseError = "PARSE_ERROR";
    public const string TypeMismatch = "TYPE_MISMATCH";
    public const string TargetingKeyMissing = "TARGETING_KEY_MISSING";
    public const string InvalidContext = "INVALID_CONTEXT";
    public const string General = "GENERAL";
}
