using System.Collections.Concurrent;
using FlagGrains.Grains.Gateways;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>One environment's open streams on this silo, and requests waiting for it to reach a version.</summary>
public sealed class EnvironmentStreams
{
    private readonly ConcurrentDictionary<EventStreamConnection, byte> _connections = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _waitersGate = new();
    private readonly List<(Func<GatewaySnapshot, bool> Satisfied, TaskCompletionSource Done)> _waiters = [];
    private long _latestVersion = -1;

    /// <summary>Newest version announced here; a fan-out of an older one stops early.</summary>
    public long LatestVersion => Interlocked.Read(ref _latestVersion);

    public int Count => _connections.Count;

    public void Add(EventStreamConnection connection) => _connections.TryAdd(connection, 0);

    public bool Remove(EventStreamConnection connection) => _connections.TryRemove(connection, out _);

    public EventStreamConnection[] Connections() => [.. _connections.Keys];

    /// <summary>Records a newer version; false when a newer one was already recorded.</summary>
    public bool Advance(long version)
    {
        var latest = LatestVersion;
        while (version > latest)
        {
            var seen = Interlocked.CompareExchange(ref _latestVersion, version, latest);
            if (seen == latest) return true;
            latest = seen;
        }

        return false;
    }

    public Task WaitAsync(Func<GatewaySnapshot, bool> satisfied)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waitersGate) _waiters.Add((satisfied, done));
        return done.Task;
    }

    public void StopWaiting(Task waiter)
    {
        lock (_waitersGate) _waiters.RemoveAll(w => w.Done.Task == waiter);
    }

    public void Release(GatewaySnapshot snapshot)
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
}
