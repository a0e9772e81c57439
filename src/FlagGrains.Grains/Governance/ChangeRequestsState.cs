using FlagGrains.Contracts.Governance;
using FlagGrains.Contracts.Webhooks;

namespace FlagGrains.Grains.Governance;

/// <summary>
/// Persisted change requests of one environment. Type names are part of stored rows (JSON <c>$type</c>): never rename;
/// new members need defaults so older rows still load.
/// </summary>
[GenerateSerializer, Alias("FlagGrains.ChangeRequestsState")]
public sealed class ChangeRequestsState
{
    /// <summary>Ids are per environment and never reused, so a link to a request stays a link to that request.</summary>
    [Id(0)] public long LastId { get; set; }

    [Id(1)] public List<StoredChangeRequest> Requests { get; set; } = [];

    /// <summary>Webhook events written with the request change that caused them (an outbox).</summary>
    [Id(2)] public List<WebhookEvent> PendingEvents { get; set; } = [];

    public ChangeRequestsState Clone() => new() { LastId = LastId, Requests = [.. Requests], PendingEvents = [.. PendingEvents] };
}

/// <summary>
/// A request as stored; a whole-document proposal keeps the document too, so when nothing moved meanwhile it is stored
/// exactly as it was sent (the API exports documents verbatim).
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.StoredChangeRequest")]
public sealed record StoredChangeRequest(
    [property: Id(0)] ChangeRequestView Request,
    [property: Id(1)] string? ProposedDocumentJson);
