using System.Threading.Tasks.Sources;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// The wake-up of one open stream: one waiter (the stream's own loop), any number of wakers, at most one pending
/// wake (many collapse into one, like a semaphore capped at 1). Unlike a <see cref="SemaphoreSlim"/> it allocates
/// nothing per wait — no task node, no cancellation registration — which matters at tens of thousands of idle streams
/// on one silo. The loop's cancellation is one registration for the stream's lifetime (see the caller).
/// </summary>
public sealed class WakeSignal : IValueTaskSource
{
    private const int Idle = 0;
    private const int Pending = 1;
    private const int Waiting = 2;

    // Continuations go to the thread pool: a waker (a fan-out over thousands of streams) must not write to this
    // stream's socket on its own thread.
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _state;

    /// <summary>Wakes the waiter, or leaves a wake for its next wait.</summary>
    public void Signal()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Pending:
                    return;
                case Idle when Interlocked.CompareExchange(ref _state, Pending, Idle) == Idle:
                    return;
                case Waiting when Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting:
                    _core.SetResult(true);
                    return;
            }
        }
    }

    /// <summary>Completes at the next <see cref="Signal"/>, or at once if one is pending. One caller at a time.</summary>
    public ValueTask WaitAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Pending) == Pending) return ValueTask.CompletedTask;

        // Reset before announcing the wait: a waker completes the core only after it saw Waiting.
        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) == Idle) return new ValueTask(this, _core.Version);

        // A wake arrived between the two steps: take it instead of parking.
        Interlocked.Exchange(ref _state, Idle);
        return ValueTask.CompletedTask;
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
