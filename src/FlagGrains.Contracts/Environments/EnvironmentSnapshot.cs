using FlagGrains.Contracts.Access;

namespace FlagGrains.Contracts.Environments;

/// <summary>
/// An environment at one version: the rules plus the hashes of keys allowed to evaluate them.
/// Gateways compile it once and serve from memory.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.EnvironmentSnapshot")]
public sealed record EnvironmentSnapshot(
    [property: Id(0)] string EnvironmentKey,
    [property: Id(1)] long Version,
    [property: Id(2)] string? DocumentJson,
    [property: Id(3)] IReadOnlyList<ApiKeyDigest> Keys,
    [property: Id(4)] DateTimeOffset UpdatedAt)
{
    /// <summary>True once a flag set has been written; before that the environment does not exist.</summary>
    public bool Exists => DocumentJson is not null;
}

/// <summary>What a gateway needs to check a presented key: its kind and the SHA-256 of the secret.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.ApiKeyDigest")]
public sealed record ApiKeyDigest(
    [property: Id(0)] string KeyId,
    [property: Id(1)] ApiKeyKind Kind,
    [property: Id(2)] string Sha256Hex);
