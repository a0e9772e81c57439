using Orleans.Concurrency;

namespace FlagGrains.Contracts.Webhooks;

/// <summary>
/// Deliveries of one webhook (keyed by its id): a durable queue retried with exponential backoff for a day, woken by
/// a reminder so a silo's loss does not lose or stall it, and the log admins read.
/// </summary>
[Alias("FlagGrains.IWebhookGrain")]
public interface IWebhookGrain : IGrainWithStringKey
{
    /// <summary>Stores a delivery per event not seen before and returns; sending happens after, never in this call.</summary>
    [Alias("Enqueue")]
    Task EnqueueAsync(IReadOnlyList<WebhookEvent> events);

    /// <summary>Deliveries, newest first, optionally of one status.</summary>
    [Alias("ListDeliveries"), ReadOnly]
    Task<IReadOnlyList<DeliveryView>> ListDeliveriesAsync(DeliveryStatus? status, int limit);

    /// <summary>Sends a delivery again (same message id, so receivers can tell); null when there is no such delivery.</summary>
    [Alias("Resend")]
    Task<DeliveryView?> ResendAsync(string deliveryId);

    /// <summary>The webhook was deleted: pending deliveries end as failed and the reminder is dropped.</summary>
    [Alias("Stop")]
    Task StopAsync();
}

[GenerateSerializer, Alias("FlagGrains.DeliveryStatus")]
public enum DeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
}

/// <summary>One delivery of one event to one webhook: how many attempts so far and the latest of them (oldest first).</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.DeliveryView")]
public sealed record DeliveryView(
    [property: Id(0)] string Id,
    [property: Id(1)] string EventId,
    [property: Id(2)] string Type,
    [property: Id(3)] DeliveryStatus Status,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? NextAttemptAt,
    [property: Id(6)] DateTimeOffset? CompletedAt,
    [property: Id(7)] IReadOnlyList<DeliveryAttempt> Attempts,
    [property: Id(8)] int AttemptCount);

/// <summary>One HTTP attempt: the status code, or why there was none.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.DeliveryAttempt")]
public sealed record DeliveryAttempt(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] int? StatusCode,
    [property: Id(2)] string? Error,
    [property: Id(3)] int DurationMs);
