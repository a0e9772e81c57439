namespace FlagGrains.Client.Evaluation;

/// <summary>
/// One evaluation as OpenFeature describes it. On an error <see cref="Value"/> is the caller's default,
/// <see cref="Reason"/> is <c>ERROR</c> and <see cref="ErrorCode"/> says why.
/// </summary>
/// <param name="FlagMetadataUtf8Json">The flag-set metadata merged with the flag's own, as a UTF-8 JSON object; empty when none.</param>
/// <param name="Version">Environment version the answer came from; 0 before the first snapshot.</param>
/// <param name="IsStale">True when the answer comes from the last snapshot while the cluster cannot be reached.</param>
public readonly record struct FlagEvaluationDetails<T>(
    string FlagKey,
    T Value,
    string? Variant,
    string Reason,
    string? ErrorCode,
    string? ErrorMessage,
    ReadOnlyMemory<byte> FlagMetadataUtf8Json,
    long Version,
    bool IsStale)
{
    public bool IsError => ErrorCode is not null;
}
