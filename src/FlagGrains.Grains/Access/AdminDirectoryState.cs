using FlagGrains.Contracts.Access;

namespace FlagGrains.Grains.Access;

/// <summary>Persisted admin tokens, by SHA-256. The type name is part of stored rows; do not rename.</summary>
[GenerateSerializer, Alias("FlagGrains.AdminDirectoryState")]
public sealed class AdminDirectoryState
{
    [Id(0)] public Dictionary<string, StoredAdminToken> TokensBySha256 { get; set; } = [];
}

[GenerateSerializer, Alias("FlagGrains.StoredAdminToken")]
public sealed class StoredAdminToken
{
    [Id(0)] public string TokenId { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public AdminRole Role { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset? RevokedAt { get; set; }
}
