namespace FlagGrains.Domain.Evaluation;

/// <summary>
/// What an evaluation resolved to, apart from the flag key. A flag can only resolve a few ways without an
/// error (each variant by targeting, its default as STATIC or DEFAULT, DISABLED), so those are built once
/// at compile time and shared; <see cref="EvaluationResult"/> is then two references that travel in
/// registers instead of a 64-byte struct copied through memory on every evaluation.
/// </summary>
internal sealed class Resolution(FlagValue? value, string? variant, string reason, string? errorCode, string? errorMessage, ReadOnlyMemory<byte> metadata)
{
    /// <summary>Backs <c>default(EvaluationResult)</c>: every property null or empty, as before any evaluation.</summary>
    public static Resolution None { get; } = new(null, null, null!, null, null, default);

    public FlagValue? Value { get; } = value;

    public string? Variant { get; } = variant;

    public string Reason { get; } = reason;

    public string? ErrorCode { get; } = errorCode;

    public string? ErrorMessage { get; } = errorMessage;

    public ReadOnlyMemory<byte> Metadata { get; } = metadata;

    /// <summary>The last wire encoding made of this resolution; replaced, never mutated, so readers need no lock.</summary>
    public EncodedResolution? Encoded;

    public static Resolution Failure(string errorCode, string message, ReadOnlyMemory<byte> metadata) =>
        new(null, null, Reasons.Error, errorCode, message, metadata);

    public bool SameAs(Resolution other) =>
        ReferenceEquals(this, other)
        || (ReferenceEquals(Value, other.Value)
            && Variant == other.Variant
            && Reason == other.Reason
            && ErrorCode == other.ErrorCode
            && ErrorMessage == other.ErrorMessage
            && Metadata.Equals(other.Metadata));
}

/// <summary>Bytes <see cref="Encoder"/> made for <see cref="FlagKey"/> with one resolution.</summary>
internal sealed record EncodedResolution(IEvaluationResultEncoder Encoder, string FlagKey, byte[] Bytes);
