namespace FlagGrains.Serving.Snapshots;

/// <summary>
/// One admitted environment on this silo: its newest snapshot, when it was last read, the gateway activation serving
/// it, its key rechecks, and requests waiting for it to reach a version. Everything per environment lives here, so
/// the registry's bound bounds all of it.
/// </summary>
public sealed class SnapshotEntry
{
    private readonly TimeProvider _clock;
    private readonly Lock _waitersGate = new();
    private readonly List<(Func<ServingSnapshot, bool> Satisfied, TaskCompletionSource Done)> _waiters = [];
    private ServingSnapshot? _snapshot;
    private Task? _activation;
    private long _lastReadMs;

    internal SnapshotEntry(string environmentKey, TimeProvider clock)
    {
        EnvironmentKey = environmentKey;
        _clock = clock;
        _lastReadMs = NowMs();
    }

    public string EnvironmentKey { get; }

    public ServingSnapshot? Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>True while the gateway that publishes here is known to be running.</summary>
    public bool IsActive => Volatile.Read(ref _activation) is { IsCompletedSuccessfully: true };

    private Resolving.CoalescedCheck? _versionCheck;

    /// <summary>
    /// Coalesced checks of the environment's version (made by the resolver): for keys this snapshot does not know, and
    /// for versions a device says it has seen. One per entry even when first requests race, or the coalescing would not hold.
    /// </summary>
    internal Resolving.CoalescedCheck VersionCheck(Func<Resolving.CoalescedCheck> create) =>
        Volatile.Read(ref _versionCheck) ?? Interlocked.CompareExchange(ref _versionCheck, create(), null) ?? _versionCheck!;

    /// <summary>
    /// The running or finished activation of this environment's gateway, starting one when there is none or the last
    /// failed. Concurrent first requests share one activation.
    /// </summary>
    internal Task Activate(Func<string, Task> start)
    {
        lock (_waitersGate)
        {
            if (_activation is { IsFaulted: false, IsCanceled: false } running) return running;
            return _activation = start(EnvironmentKey);
        }
    }

    /// <summary>The gateway went away (deactivation, shutdown); the last snapshot keeps serving until a new one starts.</summary>
    internal void MarkInactive()
    {
        lock (_waitersGate) _activation = null;
    }

    internal long LastReadMs => Volatile.Read(ref _lastReadMs);

    internal TimeSpan IdleFor() => TimeSpan.FromMilliseconds(NowMs() - LastReadMs);

    internal void Touch(long resolutionMs)
    {
        var now = NowMs();
        if (now - Volatile.Read(ref _lastReadMs) >= resolutionMs) Volatile.Write(ref _lastReadMs, now);
    }

    /// <summary>Replaces the snapshot if <paramref name="snapshot"/> is newer; false when an equal or newer one is held.</summary>
    internal bool TryAdvance(ServingSnapshot snapshot)
    {
        var current = Snapshot;
        while (current is null || snapshot.Version > current.Version)
        {
            var seen = Interlocked.CompareExchange(ref _snapshot, snapshot, current);
            if (ReferenceEquals(seen, current))
            {
                Release(snapshot);
                return true;
            }

            current = seen;
        }

        return false;
    }

    internal Task WaitAsync(Func<ServingSnapshot, bool> satisfied)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersGate) _waiters.Add((satisfied, done));
        return done.Task;
    }

    internal void StopWaiting(Task waiter)
    {
        lock (_waitersGate) _waiters.RemoveAll(w => w.Done.Task == waiter);
    }

    private void Release(ServingSnapshot snapshot)
    {
        List<TaskCompletionSource>? released = null;
        lock (_waitersGate)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Satisfied(snapshot)) continue;
                (released ??= []).Add(_waiters[i].Done);
                _waiters.RemoveAt(i);
            }
        }

        released?.ForEach(done => done.TrySetResult());
    }

    private long NowMs() => _clock.GetTimestamp() * 1000 / _clock.TimestampFrequency;
}
