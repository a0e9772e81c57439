using System.Text;

namespace FlagGrains.Domain.Evaluation;

/// <summary>
/// Result of one evaluation. <see cref="Value"/> null means "use the caller's code default" (reason DEFAULT
/// or DISABLED) or an error (see <see cref="ErrorCode"/>). Reason and error codes are OpenFeature's strings
/// (<see cref="Reasons"/>, <see cref="ErrorCodes"/>). <see cref="MetadataUtf8Json"/> is the flag-set metadata
/// merged with the flag's own (the flag wins), as a UTF-8 JSON object; empty when there is none.
/// Equality compares every property, as a record would.
/// </summary>
public readonly struct EvaluationResult : IEquatable<EvaluationResult>
{
    // The flag key plus a resolution the engine shares between evaluations: 16 bytes, returned in registers.
    private readonly Resolution? _resolution;

    public EvaluationResult(
        string FlagKey,
        FlagValue? Value,
        string? Variant,
        string Reason,
        string? ErrorCode,
        string? ErrorMessage,
        ReadOnlyMemory<byte> MetadataUtf8Json)
        : this(FlagKey, new Resolution(Value, Variant, Reason, ErrorCode, ErrorMessage, MetadataUtf8Json))
    {
    }

    internal EvaluationResult(string flagKey, Resolution resolution)
    {
        FlagKey = flagKey;
        _resolution = resolution;
    }

    public string FlagKey { get; }

    public FlagValue? Value => Resolved.Value;

    public string? Variant => Resolved.Variant;

    public string Reason => Resolved.Reason;

    public string? ErrorCode => Resolved.ErrorCode;

    public string? ErrorMessage => Resolved.ErrorMessage;

    public ReadOnlyMemory<byte> MetadataUtf8Json => Resolved.Metadata;

    public bool IsError => ErrorCode is not null;

    private Resolution Resolved => _resolution ?? Resolution.None;

    public static bool operator ==(EvaluationResult left, EvaluationResult right) => left.Equals(right);

    public static bool operator !=(EvaluationResult left, EvaluationResult right) => !left.Equals(right);

    public bool Equals(EvaluationResult other) => FlagKey == other.FlagKey && Resolved.SameAs(other.Resolved);

    public override bool Equals(object? obj) => obj is EvaluationResult other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(FlagKey, Value, Variant, Reason, ErrorCode, ErrorMessage);

    public override string ToString()
    {
        var text = new StringBuilder("EvaluationResult { ");
        text.Append("FlagKey = ").Append(FlagKey).Append(", Value = ").Append(Value).Append(", Variant = ").Append(Variant)
            .Append(", Reason = ").Append(Reason).Append(", ErrorCode = ").Append(ErrorCode).Append(", ErrorMessage = ").Append(ErrorMessage)
            .Append(", MetadataUtf8Json = ").Append(Encoding.UTF8.GetString(MetadataUtf8Json.Span)).Append(" }");
        return text.ToString();
    }

    /// <summary>
    /// This result as <paramref name="encoder"/> writes it, encoded once per resolution: every evaluation that lands on
    /// the same flag, variant and reason shares one resolution, so a server copies bytes instead of serializing per
    /// request. A process is expected to use one encoder per wire format; a different encoder re-encodes.
    /// </summary>
    public byte[] EncodeOnce(IEvaluationResultEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (_resolution is null) return encoder.Encode(this);

        // One resolution can serve several keys (flag-not-found), so the memo names the key it was made for.
        if (Volatile.Read(ref _resolution.Encoded) is { } memo && ReferenceEquals(memo.Encoder, encoder) && memo.FlagKey == FlagKey)
            return memo.Bytes;

        var bytes = encoder.Encode(this);
        Volatile.Write(ref _resolution.Encoded, new EncodedResolution(encoder, FlagKey, bytes));
        return bytes;
    }

    internal static EvaluationResult Failure(string flagKey, string errorCode, string message, ReadOnlyMemory<byte> metadata) =>
        new(flagKey, Resolution.Failure(errorCode, message, metadata));
}
