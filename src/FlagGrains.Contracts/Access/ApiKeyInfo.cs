namespace FlagGrains.Contracts.Access;

/// <summary>An environment key as listed to admins: identity and lifecycle, never the secret or its hash.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ApiKeyInfo")]
public sealed record ApiKeyInfo(
    [property: Id(0)] string KeyId,
    [property: Id(1)] ApiKeyKind Kind,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset? RevokedAt);
