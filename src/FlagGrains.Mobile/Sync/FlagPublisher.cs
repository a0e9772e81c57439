using System.Collections.Concurrent;
using FlagGrains.Mobile.Evaluation;
using FlagGrains.Mobile.Events;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Mobile.Sync;

/// <summary>
/// Holds what the getters serve and the status, and raises the client's events: on the configured synchronization
/// context (the UI thread) if any, otherwise on the sync loop's thread. A throwing handler is logged, never fatal.
/// </summary>
internal sealed partial class FlagPublisher(object sender, SynchronizationContext? eventContext, ILogger logger)
{
    private readonly object _gate = new();
    private readonly List<TaskCompletionSource<FlagStatus>> _settledWaiters = [];
    private readonly ConcurrentQueue<Action> _pending = new();
    private int _draining;
    private FlagSet _current = FlagSet.Empty;
    private FlagStatus _status = FlagStatus.NotReady;

    public event EventHandler<FlagChangedEventArgs>? FlagChanged;

    public event EventHandler<FlagsChangedEventArgs>? FlagsChanged;

    public event EventHandler<StatusChangedEventArgs>? StatusChanged;

    public FlagSet Current => Volatile.Read(ref _current);

    public FlagStatus Status
    {
        get
        {
            lock (_gate) return _status;
        }
    }

    /// <summary>Serves <paramref name="next"/> from now on and announces the flags that differ.</summary>
    public void Publish(FlagSet next)
    {
        var previous = Interlocked.Exchange(ref _current, next);
        var changed = next.ChangedSince(previous);
        if (changed.Count == 0) return;

        Raise(() =>
        {
            foreach (var key in changed) FlagChanged?.Invoke(sender, new FlagChangedEventArgs(key));
            FlagsChanged?.Invoke(sender, new FlagsChangedEventArgs(changed));
        });
    }

    public void SetStatus(FlagStatus status, string? problem)
    {
        List<TaskCompletionSource<FlagStatus>>? settled = null;
        lock (_gate)
        {
            if (_status == status) return;
            _status = status;
            if (IsSettled(status))
            {
                settled = [.. _settledWaiters];
                _settledWaiters.Clear();
            }
        }

        settled?.ForEach(waiter => waiter.TrySetResult(status));
        Raise(() => StatusChanged?.Invoke(sender, new StatusChangedEventArgs(status, problem)));
    }

    /// <summary>Completes once the status is Ready, Fatal or Closed.</summary>
    public Task<FlagStatus> WhenSettledAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<FlagStatus> waiter;
        lock (_gate)
        {
            if (IsSettled(_status)) return Task.FromResult(_status);
            waiter = new TaskCompletionSource<FlagStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
            _settledWaiters.Add(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            _ = waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    private static bool IsSettled(FlagStatus status) => status is FlagStatus.Ready or FlagStatus.Fatal or FlagStatus.Closed;

    /// <summary>
    /// Handlers never run under the client's locks nor on the caller's thread: events are queued and raised in order,
    /// on the app's context or by one thread-pool drain at a time.
    /// </summary>
    private void Raise(Action raise)
    {
        if (eventContext is not null)
        {
            eventContext.Post(_ => Guarded(raise), null);
            return;
        }

        _pending.Enqueue(raise);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0) ThreadPool.QueueUserWorkItem(_ => Drain());
    }

    private void Drain()
    {
        while (true)
        {
            while (_pending.TryDequeue(out var raise)) Guarded(raise);
            Volatile.Write(ref _draining, 0);

            // An event queued between the last dequeue and the reset would otherwise wait for the next one.
            if (_pending.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0) return;
        }
    }

    private void Guarded(Action raise)
    {
        try
        {
            raise();
        }
        catch (Exception ex)
        {
            LogHandlerFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A FlagGrains event handler threw; the client carries on")]
    private static partial void LogHandlerFailed(ILogger logger, Exception ex);
}
