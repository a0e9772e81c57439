using FlagGrains.Contracts.Audit;
using Orleans.Concurrency;

namespace FlagGrains.Contracts.Webhooks;

/// <summary>
/// The cluster's webhook subscriptions (a singleton, <see cref="GrainKeys.WebhookRegistry"/>), and the one entry point
/// for publishing events: whatever produces an event (environment writes, change requests, releases) hands it to
/// <see cref="PublishAsync"/>, ideally from an outbox written with the change itself.
/// </summary>
[Alias("FlagGrains.IWebhookRegistryGrain")]
public interface IWebhookRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers a webhook; null when the cluster already has the most webhooks it allows.</summary>
    [Alias("Create")]
    Task<WebhookInfo?> CreateAsync(WebhookRegistration registration, ChangeContext change);

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<WebhookInfo>> ListAsync();

    [Alias("Get"), ReadOnly]
    Task<WebhookInfo?> GetAsync(string webhookId);

    /// <summary>Where and how to deliver: for the webhook's own delivery grain only (holds the protected secret).</summary>
    [Alias("GetTarget"), ReadOnly]
    Task<WebhookTarget?> GetTargetAsync(string webhookId);

    /// <summary>Removes a webhook; its pending deliveries are dropped as failed.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string webhookId, ChangeContext change);

    /// <summary>
    /// Queues each event with every webhook subscribed to its type and project; returns once they are stored
    /// (delivery happens later, with retries). Idempotent by event id, so an outbox may repeat a batch.
    /// </summary>
    [Alias("Publish"), ReadOnly]
    Task PublishAsync(IReadOnlyList<WebhookEvent> events);
}

/// <summary>A webhook as asked for; the secret arrives already protected by the host.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.WebhookRegistration")]
public sealed record WebhookRegistration(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string> Events,
    [property: Id(2)] IReadOnlyList<string> Projects,
    [property: Id(3)] string? Description,
    [property: Id(4)] string ProtectedSecret);

/// <summary>A webhook as admins see it (never its secret). An empty <see cref="Projects"/> means every project.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.WebhookInfo")]
public sealed record WebhookInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Events,
    [property: Id(3)] IReadOnlyList<string> Projects,
    [property: Id(4)] string? Description,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] string CreatedBy);

/// <summary>What the delivery grain needs: where to post and the protected signing secret.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.WebhookTarget")]
public sealed record WebhookTarget(
    [property: Id(0)] string Url,
    [property: Id(1)] string ProtectedSecret);
