namespace FlagGrains.Contracts.Access;

/// <summary>A freshly created key. <see cref="Secret"/> exists only in this response; storage keeps its hash.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.CreatedApiKey")]
public sealed record CreatedApiKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] ApiKeyKind Kind,
    [property: Id(2)] string Secret,
    [property: Id(3)] DateTimeOffset CreatedAt);
