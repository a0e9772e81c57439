using FlagGrains.Contracts.Webhooks;

namespace FlagGrains.Grains.Webhooks;

/// <summary>Deliveries of one webhook. Type names are part of stored rows (JSON <c>$type</c>): never rename.</summary>
[GenerateSerializer, Alias("FlagGrains.WebhookDeliveriesState")]
public sealed class WebhookDeliveriesState
{
    /// <summary>Oldest first; pending ones are kept however old until they succeed or their window ends.</summary>
    [Id(0)] public List<StoredDelivery> Deliveries { get; set; } = [];

    /// <summary>Ids of events already queued, beyond those still in <see cref="Deliveries"/>, so a repeat is dropped.</summary>
    [Id(1)] public List<string> RecentEventIds { get; set; } = [];
}

/// <summary>
/// One event for one webhook. The body is fixed when queued, so every attempt (and a re-send) posts the same bytes under
/// the same message id; only the timestamp and signature are new each time.
/// </summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.StoredDelivery")]
public sealed record StoredDelivery(
    [property: Id(0)] string Id,
    [property: Id(1)] string EventId,
    [property: Id(2)] string Type,
    [property: Id(3)] string Body,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset WindowStart,
    [property: Id(6)] DeliveryStatus Status,
    [property: Id(7)] DateTimeOffset? NextAttemptAt,
    [property: Id(8)] DateTimeOffset? CompletedAt,
    [property: Id(9)] List<DeliveryAttempt> Attempts,
    [property: Id(10)] int AttemptCount)
{
    /// <summary>Attempts kept per delivery; the count keeps going.</summary>
    public const int AttemptsKept = 20;

    public DeliveryView View() => new(Id, EventId, Type, Status, CreatedAt, NextAttemptAt, CompletedAt, Attempts, AttemptCount);

    public StoredDelivery After(DeliveryAttempt attempt, DeliveryStatus status, DateTimeOffset? next, DateTimeOffset? completed)
    {
        var attempts = Attempts.Append(attempt).TakeLast(AttemptsKept).ToList();
        return this with { Status = status, NextAttemptAt = next, CompletedAt = completed, Attempts = attempts, AttemptCount = AttemptCount + 1 };
    }
}
