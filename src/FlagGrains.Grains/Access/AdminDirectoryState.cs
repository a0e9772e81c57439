using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Audit;

namespace FlagGrains.Grains.Access;

/// <summary>Persisted admin tokens, by SHA-256. The type name is part of stored rows; do not rename.</summary>
[GenerateSerializer, Alias("FlagGrains.AdminDirectoryState")]
public sealed class AdminDirectoryState
{
    [Id(0)] public Dictionary<string, StoredAdminToken> TokensBySha256 { get; set; } = [];

    /// <summary>Audit entries stored in the same write as the token change they describe (an outbox).</summary>
    [Id(1)] public List<AuditEntry> PendingAudit { get; set; } = [];

    public AdminDirectoryState Clone() => new()
    {
        TokensBySha256 = TokensBySha256.ToDictionary(t => t.Key, t => t.Value.Clone()),
        PendingAudit = [.. PendingAudit],
    };
}

[GenerateSerializer, Alias("FlagGrains.StoredAdminToken")]
public sealed class StoredAdminToken
{
    [Id(0)] public string TokenId { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public AdminRole Role { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset? RevokedAt { get; set; }

    public StoredAdminToken Clone() => new() { TokenId = TokenId, Name = Name, Role = Role, CreatedAt = CreatedAt, RevokedAt = RevokedAt };
}
