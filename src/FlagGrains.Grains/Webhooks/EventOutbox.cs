using FlagGrains.Contracts;
using FlagGrains.Contracts.Webhooks;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Grains.Webhooks;

/// <summary>
/// Hands a grain's pending webhook events (stored in its own state by the write that caused them) to the registry, in
/// a timer turn of their own after the write has answered. Forwarded events leave the list in memory now and in storage
/// with the grain's next write; a crash before that forwards them again, and ids make the repeat harmless.
/// </summary>
internal sealed partial class EventOutbox(IGrainBase grain, IGrainFactory grains, Func<List<WebhookEvent>> pending, ILogger logger)
{
    /// <summary>A publish normally takes milliseconds; past this the registry is unwell and the grain gets on with its own work.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private IGrainTimer? _timer;
    private int _failures;

    /// <summary>Schedules forwarding right after the current turn, if anything is pending.</summary>
    public void ForwardSoon() => Schedule(TimeSpan.Zero);

    private void Schedule(TimeSpan delay)
    {
        if (pending().Count == 0) return;
        _timer ??= grain.RegisterGrainTimer(ForwardAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private async Task ForwardAsync(CancellationToken cancellationToken)
    {
        var batch = pending().ToList();
        if (batch.Count == 0) return;
        try
        {
            await grains.GetGrain<IWebhookRegistryGrain>(GrainKeys.WebhookRegistry).PublishAsync(batch).WaitAsync(PublishTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _failures++;
            var delay = TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, Math.Min(_failures, 10))));
            LogForwardDeferred(logger, ex, batch.Count, delay.TotalSeconds);
            Schedule(delay);
            return;
        }

        _failures = 0;
        var sent = batch.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        pending().RemoveAll(e => sent.Contains(e.Id));
        Schedule(TimeSpan.Zero);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} webhook events stay in the outbox; forwarding again in {DelaySeconds} s")]
    private static partial void LogForwardDeferred(ILogger logger, Exception ex, int count, double delaySeconds);
}
