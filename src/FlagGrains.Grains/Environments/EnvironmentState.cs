using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Webhooks;

namespace FlagGrains.Grains.Environments;

/// <summary>
/// Persisted state of an environment. The type name is part of stored rows (JSON <c>$type</c>), so it must not be
/// renamed without a migration; new members need defaults so older rows still load.
/// </summary>
[GenerateSerializer, Alias("FlagGrains.EnvironmentState")]
public sealed class EnvironmentState
{
    [Id(0)] public string? DocumentJson { get; set; }
    [Id(1)] public long Version { get; set; }
    [Id(2)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(3)] public List<StoredApiKey> Keys { get; set; } = [];

    /// <summary>
    /// Audit entries written in the same storage write as the change they describe (an outbox), so a change can never
    /// be stored without its audit entry; they are forwarded to the audit log after the write.
    /// </summary>
    [Id(4)] public List<AuditEntry> PendingAudit { get; set; } = [];

    /// <summary>
    /// Set in the write that creates or deletes the environment: the catalog is told afterwards (and again on every
    /// activation until it acknowledged), so a failure between the two only delays the catalog, never loses the change.
    /// </summary>
    [Id(5)] public bool CatalogPending { get; set; }

    /// <summary>
    /// Recent at-most-once writes (<see cref="FlagGrains.Contracts.Environments.FlagEdits"/>) and the version each
    /// produced, oldest first, stored in the same write as the change so "applied" and "recorded" cannot disagree.
    /// </summary>
    [Id(6)] public List<AppliedOperation> AppliedOperations { get; set; } = [];

    // Governance (ids from 10 so other additions never collide).

    /// <summary>Approvals a flag write needs before it is applied (0: applied at once).</summary>
    [Id(10)] public int RequiredApprovals { get; set; }

    /// <summary>Webhook events written with the change that caused them (an outbox, like <see cref="PendingAudit"/>).</summary>
    [Id(11)] public List<WebhookEvent> PendingEvents { get; set; } = [];

    public EnvironmentState Clone() => new()
    {
        DocumentJson = DocumentJson,
        Version = Version,
        UpdatedAt = UpdatedAt,
        Keys = [.. Keys],
        PendingAudit = [.. PendingAudit],
        CatalogPending = CatalogPending,
        AppliedOperations = [.. AppliedOperations],
        RequiredApprovals = RequiredApprovals,
        PendingEvents = [.. PendingEvents],
    };
}

/// <summary>An operation id and the environment version its write produced.</summary>
[GenerateSerializer, Alias("FlagGrains.AppliedOperation")]
public sealed class AppliedOperation
{
    [Id(0)] public string OperationId { get; set; } = "";
    [Id(1)] public long Version { get; set; }
}

/// <summary>An API key as stored: its SHA-256, never the secret.</summary>
[GenerateSerializer, Alias("FlagGrains.StoredApiKey")]
public sealed class StoredApiKey
{
    [Id(0)] public string KeyId { get; set; } = "";
    [Id(1)] public ApiKeyKind Kind { get; set; }
    [Id(2)] public string Sha256Hex { get; set; } = "";
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset? RevokedAt { get; set; }

    public StoredApiKey Revoked(DateTimeOffset at) => new() { KeyId = KeyId, Kind = Kind, Sha256Hex = Sha256Hex, CreatedAt = CreatedAt, RevokedAt = at };
}
