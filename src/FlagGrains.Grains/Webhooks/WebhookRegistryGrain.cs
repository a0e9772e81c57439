using System.Text.Json;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Webhooks;
using FlagGrains.Grains.Audit;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Grains.Webhooks;

/// <summary>
/// The cluster's webhooks and the fan-out of published events to each subscribed webhook's delivery grain.
/// Registrations and removals are audited in the admin history (never the secret).
/// </summary>
public sealed partial class WebhookRegistryGrain(
    [PersistentState("webhook-registry", ProviderNames.GrainStorage)] IPersistentState<WebhookRegistryState> state,
    TimeProvider clock,
    ILogger<WebhookRegistryGrain> logger) : Grain, IWebhookRegistryGrain
{
    /// <summary>Each webhook is a delivery queue of its own; a cluster needing more is misusing them.</summary>
    internal const int MaxWebhooks = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => ForwardAuditAsync();

    public async Task<WebhookInfo?> CreateAsync(WebhookRegistration registration, ChangeContext change)
    {
        if (state.State.Webhooks.Count >= MaxWebhooks) return null;

        var webhook = new StoredWebhook(
            GrainKeys.NewWebhookId(), registration.Url, registration.Events.Distinct(StringComparer.Ordinal).ToList(),
            registration.Projects.Distinct(StringComparer.Ordinal).ToList(), registration.Description, registration.ProtectedSecret,
            clock.GetUtcNow(), change.ActorName);
        state.State.Webhooks.Add(webhook);
        var entry = Audit(webhook, "webhook.create", webhook.CreatedAt, change, before: null, after: webhook);
        state.State.PendingAudit.Add(entry);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Webhooks.Remove(webhook);
            state.State.PendingAudit.Remove(entry);
            throw;
        }

        await ForwardAuditAsync();
        return Info(webhook);
    }

    public Task<IReadOnlyList<WebhookInfo>> ListAsync() =>
        Task.FromResult<IReadOnlyList<WebhookInfo>>(state.State.Webhooks.Select(Info).ToList());

    public Task<WebhookInfo?> GetAsync(string webhookId) => Task.FromResult(Find(webhookId) is { } webhook ? Info(webhook) : null);

    public Task<WebhookTarget?> GetTargetAsync(string webhookId) =>
        Task.FromResult(Find(webhookId) is { } webhook ? new WebhookTarget(webhook.Url, webhook.ProtectedSecret) : null);

    public async Task<bool> DeleteAsync(string webhookId, ChangeContext change)
    {
        if (Find(webhookId) is not { } webhook) return false;

        var index = state.State.Webhooks.IndexOf(webhook);
        state.State.Webhooks.RemoveAt(index);
        var entry = Audit(webhook, "webhook.delete", clock.GetUtcNow(), change, before: webhook, after: null);
        state.State.PendingAudit.Add(entry);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Webhooks.Insert(index, webhook);
            state.State.PendingAudit.Remove(entry);
            throw;
        }

        await ForwardAuditAsync();
        try
        {
            await GrainFactory.GetGrain<IWebhookGrain>(webhookId).StopAsync();
        }
        catch (Exception ex)
        {
            // The webhook is gone from the registry, so its grain finds no target and fails what is pending itself.
            LogStopDeferred(logger, ex, webhookId);
        }

        return true;
    }

    public Task PublishAsync(IReadOnlyList<WebhookEvent> events)
    {
        var deliveries = state.State.Webhooks
            .Select(webhook => (webhook.Id, Events: events.Where(e => Subscribed(webhook, e)).ToList()))
            .Where(x => x.Events.Count > 0)
            .Select(x => GrainFactory.GetGrain<IWebhookGrain>(x.Id).EnqueueAsync(x.Events));
        return Task.WhenAll(deliveries);
    }

    private static bool Subscribed(StoredWebhook webhook, WebhookEvent e) =>
        webhook.Events.Contains(e.Type, StringComparer.Ordinal)
        && (webhook.Projects.Count == 0 || (e.Project is not null && webhook.Projects.Contains(e.Project, StringComparer.Ordinal)));

    private StoredWebhook? Find(string webhookId) => state.State.Webhooks.Find(w => w.Id == webhookId);

    private static WebhookInfo Info(StoredWebhook webhook) =>
        new(webhook.Id, webhook.Url, webhook.Events, webhook.Projects, webhook.Description, webhook.CreatedAt, webhook.CreatedBy);

    private static AuditEntry Audit(StoredWebhook webhook, string action, DateTimeOffset at, ChangeContext change, StoredWebhook? before, StoredWebhook? after) =>
        StoredAudit.Normalize(new AuditEntry($"{webhook.Id}:{action}", GrainKeys.AdminAuditScope, action, at, change, null,
            [new AuditChange($"webhooks/{webhook.Id}", AuditJson(before), AuditJson(after))]));

    private static string? AuditJson(StoredWebhook? webhook) => webhook is null
        ? null
        : JsonSerializer.Serialize(new { url = webhook.Url, events = webhook.Events, projects = webhook.Projects, description = webhook.Description }, Json);

    private Task ForwardAuditAsync() => AuditOutbox.ForwardAsync(GrainFactory, GrainKeys.AdminAuditScope, state.State.PendingAudit, logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} was deleted but its delivery grain was not told; it stops on its own next attempt")]
    private static partial void LogStopDeferred(ILogger logger, Exception ex, string webhookId);
}
