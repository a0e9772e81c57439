using System.Collections.Concurrent;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>One environment's open streams on this silo.</summary>
public sealed class EnvironmentStreams
{
    private readonly ConcurrentDictionary<EventStreamConnection, byte> _connections = new(ReferenceEqualityComparer.Instance);
    private long _latestVersion = -1;

    /// <summary>Newest version announced here; a fan-out of an older one stops early.</summary>
    public long LatestVersion => Interlocked.Read(ref _latestVersion);

    public int Count => _connections.Count;

    public void Add(EventStreamConnection connection) => _connections.TryAdd(connection, 0);

    public bool Remove(EventStreamConnection connection) => _connections.TryRemove(connection, out _);

    public EventStreamConnection[] Connections() => [.. _connections.Keys];

    /// <summary>Runs every second or so over every stream: enumerates in place, without a copy or the table's locks.</summary>
    public void EndAbandoned()
    {
        foreach (var (connection, _) in _connections) connection.EndIfAbandoned();
    }

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
}
