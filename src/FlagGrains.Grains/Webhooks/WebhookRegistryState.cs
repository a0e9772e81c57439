using FlagGrains.Contracts.Audit;

namespace FlagGrains.Grains.Webhooks;

/// <summary>The cluster's webhooks. Type names are part of stored rows (JSON <c>$type</c>): never rename.</summary>
[GenerateSerializer, Alias("FlagGrains.WebhookRegistryState")]
public sealed class WebhookRegistryState
{
    [Id(0)] public List<StoredWebhook> Webhooks { get; set; } = [];

    /// <summary>Audit entries (admin history) written with the change they describe, forwarded after the write.</summary>
    [Id(1)] public List<AuditEntry> PendingAudit { get; set; } = [];
}

/// <summary>A webhook as stored: its signing secret only in protected (encrypted) form.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.StoredWebhook")]
public sealed record StoredWebhook(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] List<string> Events,
    [property: Id(3)] List<string> Projects,
    [property: Id(4)] string? Description,
    [property: Id(5)] string ProtectedSecret,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string CreatedBy);
