namespace FlagGrains.Domain.Evaluation;

/// <summary>
/// Result of one evaluation. <see cref="Value"/> null means "use the caller's code default" (reason DEFAULT
/// or DISABLED) or an error (see <see cref="ErrorCode"/>). Reason and error codes are OpenFeature's strings
/// (<see cref="Reasons"/>, <see cref="ErrorCodes"/>). <see cref="MetadataUtf8Json"/> is the flag-set metadata
/// merged with the flag's own (the flag wins), as a UTF-8 JSON object; empty when there is none.
/// </summary>
public readonly record struct EvaluationResult(
    string FlagKey,
    FlagValue? Value,
    string? Variant,
    string Reason,
    string? ErrorCode,
    string? ErrorMessage,
    ReadOnlyMemory<byte> MetadataUtf8Json)
{
    public bool IsError => ErrorCode is not null;

    internal static EvaluationResult Success(string flagKey, FlagValue? value, string? variant, string reason, ReadOnlyMemory<byte> metadata) =>
        new(flagKey, value, variant, reason, null, null, metadata);

    internal static EvaluationResult Failure(string flagKey, string errorCode, string message, ReadOnlyMemory<byte> metadata) =>
        new(flagKey, null, null, Reasons.Error, errorCode, message, metadata);
}
