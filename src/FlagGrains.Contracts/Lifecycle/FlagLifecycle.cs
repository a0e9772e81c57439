namespace FlagGrains.Contracts.Lifecycle;

/// <summary>
/// Who owns a flag and when it should go. Kept beside the flagd document, never in a flag's <c>metadata</c>: flagd
/// copies metadata into evaluation answers, and devices must never receive owner names.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.FlagLifecycle")]
public sealed record FlagLifecycle(
    [property: Id(0)] string? Owner,
    [property: Id(1)] IReadOnlyList<string> Tags,
    [property: Id(2)] string? Description,
    [property: Id(3)] bool Temporary,
    [property: Id(4)] DateTimeOffset? ExpiresAt)
{
    public const int MaxOwnerLength = 200;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;
    public const int MaxDescriptionLength = 2000;

    public static FlagLifecycle Empty { get; } = new(null, new List<string>(), null, false, null);

    /// <summary>A temporary flag past its expiry date.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => Temporary && ExpiresAt is { } expires && expires <= now;
}

/// <summary>A flag's lifecycle as stored: the record plus who changed it last, and when.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.StoredFlagLifecycle")]
public sealed record StoredFlagLifecycle(
    [property: Id(0)] string FlagKey,
    [property: Id(1)] FlagLifecycle Lifecycle,
    [property: Id(2)] DateTimeOffset UpdatedAt,
    [property: Id(3)] string UpdatedBy);
