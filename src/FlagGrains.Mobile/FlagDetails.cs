namespace FlagGrains.Mobile;

/// <summary>A value with why it was chosen. <see cref="Value"/> is always usable: on any error it is the code default.</summary>
public sealed class FlagDetails<T>
{
    internal FlagDetails(string flagKey, T value, string reason, string? variant, string? errorCode, string? errorMessage, FlagValueSource source)
    {
        FlagKey = flagKey;
        Value = value;
        Reason = reason;
        Variant = variant;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Source = source;
    }

    public string FlagKey { get; }

    public T Value { get; }

    /// <summary>OpenFeature reason: the server's (<c>TARGETING_MATCH</c>, <c>SPLIT</c>, <c>STATIC</c>, <c>DISABLED</c>, …) or <see cref="Reasons"/>.</summary>
    public string Reason { get; }

    public string? Variant { get; }

    /// <summary>One of <see cref="ErrorCodes"/> (or the server's), when the code default was returned because of an error.</summary>
    public string? ErrorCode { get; }

    public string? ErrorMessage { get; }

    public FlagValueSource Source { get; }
}
