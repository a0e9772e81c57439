using System.Text.Json.Nodes;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlagGrains.Grains.Webhooks;

/// <summary>
/// Delivery queue of one webhook. Queuing only stores; sending runs in an interleaving timer so a slow receiver never
/// holds up a queuing call (and so never the write whose outbox is being forwarded). While anything is pending, a
/// reminder wakes this grain on whichever silo owns it, so retries survive the loss of the silo that was making them.
/// </summary>
public sealed partial class WebhookGrain(
    [PersistentState("webhook-deliveries", ProviderNames.GrainStorage)] IPersistentState<WebhookDeliveriesState> state,
    WebhookSender sender,
    IWebhookSecretProtector secrets,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain, IRemindable
{
    internal const string ReminderName = "webhook-deliveries";
    private const int RecentEventIdsKept = 4096;

    /// <summary>After a failed storage write in the pump, try again this soon (the attempt's outcome is kept in memory).</summary>
    private static readonly TimeSpan PumpRetry = TimeSpan.FromSeconds(5);

    // Storage writes come from interleaved turns (queuing while the pump awaits a receiver): one at a time, or the
    // second would carry a stale ETag.
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly SemaphoreSlim _reminderSync = new(1, 1);
    private IGrainTimer? _pump;
    private bool _pumping;
    private bool _reminderRegistered;
    private (WebhookTarget Target, string Secret)? _target;

    private string WebhookId => this.GetPrimaryKeyString();

    private WebhookOptions Options => options.Value;

    private bool HasPending => state.State.Deliveries.Exists(d => d.Status == DeliveryStatus.Pending);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _reminderRegistered = await this.GetReminder(ReminderName, cancellationToken) is not null;
        if (HasPending) Arm(TimeSpan.Zero);
        else if (_reminderRegistered) await SyncReminderAsync();
    }

    public async Task EnqueueAsync(IReadOnlyList<WebhookEvent> events)
    {
        var known = state.State.RecentEventIds.Concat(state.State.Deliveries.Select(d => d.EventId)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var fresh = events.Where(e => known.Add(e.Id))
            .Select(e => new StoredDelivery(GrainKeys.NewDeliveryId(), e.Id, e.Type, Body(e), now, now, DeliveryStatus.Pending, now, null, [], 0))
            .ToList();
        if (fresh.Count > 0)
        {
            state.State.Deliveries.AddRange(fresh);
            state.State.RecentEventIds.AddRange(fresh.Select(d => d.EventId));
            Trim(now);
            try
            {
                await PersistAsync();
            }
            catch
            {
                state.State.Deliveries.RemoveAll(fresh.Contains);
                state.State.RecentEventIds.RemoveAll(id => fresh.Exists(d => d.EventId == id));
                throw;
            }
        }

        // Also when nothing was new: a repeat after a failed reminder registration gets the registration done.
        await SyncReminderAsync();
        if (fresh.Count > 0) Arm(TimeSpan.Zero);
    }

    public Task<IReadOnlyList<DeliveryView>> ListDeliveriesAsync(DeliveryStatus? status, int limit) =>
        Task.FromResult<IReadOnlyList<DeliveryView>>(state.State.Deliveries
            .Where(d => status is null || d.Status == status)
            .Reverse()
            .Take(Math.Clamp(limit, 1, 500))
            .Select(d => d.View())
            .ToList());

    public async Task<DeliveryView?> ResendAsync(string deliveryId)
    {
        var index = state.State.Deliveries.FindIndex(d => d.Id == deliveryId);
        if (index < 0) return null;

        var now = clock.GetUtcNow();
        var before = state.State.Deliveries[index];
        var again = before with { Status = DeliveryStatus.Pending, WindowStart = now, NextAttemptAt = now, CompletedAt = null };
        state.State.Deliveries[index] = again;
        try
        {
            await PersistAsync();
        }
        catch
        {
            state.State.Deliveries[index] = before;
            throw;
        }

        await SyncReminderAsync();
        Arm(TimeSpan.Zero);
        return again.View();
    }

    public async Task StopAsync()
    {
        _target = null;
        FailPending("the webhook was deleted");
        await PersistAsync();
        await SyncReminderAsync();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (HasPending) Arm(TimeSpan.Zero);
        return HasPending ? Task.CompletedTask : SyncReminderAsync();
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        if (_pumping) return;
        _pumping = true;
        var retryAfter = (TimeSpan?)null;
        try
        {
            while (!cancellationToken.IsCancellationRequested && NextDue() is { } due)
            {
                if (await TargetAsync() is not { } target)
                {
                    FailPending("the webhook no longer exists");
                    await PersistAsync();
                    break;
                }

                var attempt = await sender.SendAsync(new Uri(target.Target.Url), due.EventId, due.Body, target.Secret, cancellationToken);
                Record(due, attempt);
                await PersistAsync();
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogPumpFailed(logger, ex, WebhookId);
            retryAfter = PumpRetry;
        }
        finally
        {
            _pumping = false;
        }

        if (cancellationToken.IsCancellationRequested) return;
        if (retryAfter is { } delay) Arm(delay);
        else if (NextAttemptAt() is { } next) Arm(next - clock.GetUtcNow());
        await SyncReminderAsync();
    }

    /// <summary>
    /// Applies an attempt's outcome to the delivery it was sent for. If the delivery changed while the attempt was in
    /// flight (re-sent, or failed because the webhook was deleted), that newer decision stands and the attempt only
    /// joins its history: a re-send asked for during an attempt still gets an attempt of its own.
    /// </summary>
    private void Record(StoredDelivery sent, Contracts.Webhooks.DeliveryAttempt attempt)
    {
        var index = state.State.Deliveries.FindIndex(d => d.Id == sent.Id);
        if (index < 0) return;

        var delivery = state.State.Deliveries[index];
        if (!ReferenceEquals(delivery, sent))
        {
            state.State.Deliveries[index] = delivery.After(attempt, delivery.Status, delivery.NextAttemptAt, delivery.CompletedAt);
            return;
        }

        var now = clock.GetUtcNow();
        if (attempt.StatusCode is >= 200 and < 300)
        {
            state.State.Deliveries[index] = delivery.After(attempt, DeliveryStatus.Delivered, null, now);
            return;
        }

        var next = RetrySchedule.NextAttempt(Options, delivery.AttemptCount + 1, delivery.WindowStart, now, delivery.Id);
        state.State.Deliveries[index] = next is null
            ? delivery.After(attempt, DeliveryStatus.Failed, null, now)
            : delivery.After(attempt, DeliveryStatus.Pending, next, null);
        if (next is null) LogDeliveryFailed(logger, delivery.Id, WebhookId, delivery.AttemptCount + 1);
    }

    private StoredDelivery? NextDue()
    {
        var now = clock.GetUtcNow();
        return state.State.Deliveries.Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now).MinBy(d => d.NextAttemptAt);
    }

    private DateTimeOffset? NextAttemptAt() =>
        state.State.Deliveries.Where(d => d.Status == DeliveryStatus.Pending).Min(d => d.NextAttemptAt);

    private void Arm(TimeSpan due)
    {
        _pump ??= this.RegisterGrainTimer(PumpAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan)
        {
            Interleave = true,
            KeepAlive = true,
        });
        _pump.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private async Task<(WebhookTarget Target, string Secret)?> TargetAsync()
    {
        if (_target is { } cached) return cached;
        var target = await GrainFactory.GetGrain<IWebhookRegistryGrain>(GrainKeys.WebhookRegistry).GetTargetAsync(WebhookId);
        if (target is null) return null;
        _target = (target, secrets.Unprotect(target.ProtectedSecret));
        return _target;
    }

    private void FailPending(string reason)
    {
        var now = clock.GetUtcNow();
        for (var i = 0; i < state.State.Deliveries.Count; i++)
        {
            var delivery = state.State.Deliveries[i];
            if (delivery.Status != DeliveryStatus.Pending) continue;
            state.State.Deliveries[i] = delivery.After(new Contracts.Webhooks.DeliveryAttempt(now, null, reason, 0), DeliveryStatus.Failed, null, now) with
            {
                AttemptCount = delivery.AttemptCount,
            };
        }
    }

    /// <summary>Keeps the log and the queue bounded: old finished deliveries go, and past the pending limit the oldest fail.</summary>
    private void Trim(DateTimeOffset now)
    {
        var pending = state.State.Deliveries.Where(d => d.Status == DeliveryStatus.Pending).ToList();
        foreach (var overflow in pending.Take(Math.Max(0, pending.Count - Options.MaxPendingDeliveries)))
        {
            var index = state.State.Deliveries.IndexOf(overflow);
            state.State.Deliveries[index] = overflow.After(
                new Contracts.Webhooks.DeliveryAttempt(now, null, "too many deliveries pending for this webhook; dropped as the oldest", 0),
                DeliveryStatus.Failed, null, now) with { AttemptCount = overflow.AttemptCount };
        }

        var finished = state.State.Deliveries.Where(d => d.Status != DeliveryStatus.Pending).ToList();
        foreach (var old in finished.Take(Math.Max(0, finished.Count - Options.DeliveryLogSize))) state.State.Deliveries.Remove(old);
        if (state.State.RecentEventIds.Count > RecentEventIdsKept)
            state.State.RecentEventIds.RemoveRange(0, state.State.RecentEventIds.Count - RecentEventIdsKept);
    }

    private async Task PersistAsync()
    {
        await _writes.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>A reminder exactly while something is pending; re-checked after each change, since calls interleave here.</summary>
    private async Task SyncReminderAsync()
    {
        await _reminderSync.WaitAsync();
        try
        {
            while (HasPending != _reminderRegistered)
            {
                if (HasPending)
                {
                    await this.RegisterOrUpdateReminder(ReminderName, Options.ReminderPeriod, Options.ReminderPeriod);
                    _reminderRegistered = true;
                }
                else
                {
                    if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
                    _reminderRegistered = false;
                }
            }
        }
        finally
        {
            _reminderSync.Release();
        }
    }

    /// <summary>The JSON a receiver gets: the event with its <c>change</c> object inline.</summary>
    private static string Body(WebhookEvent e) => new JsonObject
    {
        ["id"] = e.Id,
        ["type"] = e.Type,
        ["time"] = e.Time,
        ["project"] = e.Project,
        ["environment"] = e.Environment,
        ["actor"] = new JsonObject { ["id"] = e.ActorId, ["name"] = e.ActorName },
        ["change"] = JsonNode.Parse(e.ChangeJson),
    }.ToJsonString();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId}: delivering paused after an error; retrying shortly")]
    private static partial void LogPumpFailed(ILogger logger, Exception ex, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} of webhook {WebhookId} failed after {Attempts} attempts; it can be re-sent from the delivery log")]
    private static partial void LogDeliveryFailed(ILogger logger, string deliveryId, string webhookId, int attempts);
}
