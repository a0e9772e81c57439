using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace FlagGrains.Serving.Snapshots;

/// <summary>
/// Silo-local table of the snapshots this silo's gateways publish. HTTP handlers read it directly: the hot path makes
/// no grain call, so it keeps working while membership changes or a remote silo is dead. Bounded: an environment has
/// an entry only once it was admitted (it exists and someone asked for it), at most
/// <see cref="ServingOptions.MaxEnvironments"/> entries, the least recently read going first.
/// </summary>
public sealed class SnapshotRegistry
{
    // Reads touch an entry at most this often: one shared write per second, not one per request.
    private const long TouchResolutionMs = 1_000;

    private readonly IOptions<ServingOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, SnapshotEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SnapshotEntry>.AlternateLookup<ReadOnlySpan<char>> _entriesBySpan;
    private readonly Lock _admission = new();

    public SnapshotRegistry(IOptions<ServingOptions> options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        _entriesBySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Raised after a newer snapshot was published on this silo.</summary>
    public event Action<ServingSnapshot>? Published;

    /// <summary>Environments with an entry on this silo (admitted; possibly without a snapshot yet).</summary>
    public IReadOnlyCollection<string> EnvironmentKeys => (IReadOnlyCollection<string>)_entries.Keys;

    public int Count => _entries.Count;

    /// <summary>The published snapshot, if any. Never blocks, never calls a grain; counts as a read of the environment.</summary>
    public bool TryGet(string environmentKey, out ServingSnapshot snapshot) => TryGet(environmentKey.AsSpan(), out snapshot, out _);

    /// <summary>
    /// <see cref="TryGet(string, out ServingSnapshot)"/> for a key still inside the request that named it, with the
    /// environment's entry (its gateway's state).
    /// </summary>
    public bool TryGet(ReadOnlySpan<char> environmentKey, out ServingSnapshot snapshot, out SnapshotEntry entry)
    {
        if (_entriesBySpan.TryGetValue(environmentKey, out entry!) && entry.Snapshot is { } current)
        {
            entry.Touch(TouchResolutionMs);
            snapshot = current;
            return true;
        }

        snapshot = null!;
        return false;
    }

    /// <summary>The entry of an admitted environment, for its gateway's bookkeeping (activation, rechecks).</summary>
    public bool TryGetEntry(string environmentKey, out SnapshotEntry entry) => _entries.TryGetValue(environmentKey, out entry!);

    /// <summary>
    /// Makes room for an environment that exists and was asked for. Past the bound, the least recently read
    /// environments lose their entry; their gateways notice and retire.
    /// </summary>
    public SnapshotEntry Admit(string environmentKey)
    {
        if (_entries.TryGetValue(environmentKey, out var existing)) return existing;
        lock (_admission)
        {
            var entry = _entries.GetOrAdd(environmentKey, key => new SnapshotEntry(key, _clock));
            var excess = _entries.Count - _options.Value.MaxEnvironments;
            if (excess > 0)
            {
                foreach (var evicted in _entries.Values.Where(e => !ReferenceEquals(e, entry)).OrderBy(e => e.LastReadMs).Take(excess).ToList())
                {
                    _entries.TryRemove(new KeyValuePair<string, SnapshotEntry>(evicted.EnvironmentKey, evicted));
                }
            }

            return entry;
        }
    }

    /// <summary>
    /// Publishes a gateway's snapshot if it is newer than the one held. False when the environment has no entry
    /// (never admitted, evicted or retired): the publishing gateway is no longer wanted on this silo.
    /// </summary>
    public bool Publish(ServingSnapshot snapshot)
    {
        if (!_entries.TryGetValue(snapshot.EnvironmentKey, out var entry)) return false;
        if (entry.TryAdvance(snapshot)) Published?.Invoke(snapshot);
        return true;
    }

    /// <summary>
    /// True while someone read the environment within <see cref="ServingOptions.IdleTimeout"/>; a gateway whose
    /// environment is not wanted (idle, evicted) retires and takes its stream subscription with it.
    /// </summary>
    public bool IsWanted(string environmentKey) =>
        _entries.TryGetValue(environmentKey, out var entry) && entry.IdleFor() < _options.Value.IdleTimeout;

    /// <summary>Counts as a read without one (an open event stream keeps its environment wanted).</summary>
    public void Touch(string environmentKey)
    {
        if (_entries.TryGetValue(environmentKey, out var entry)) entry.Touch(0);
    }

    /// <summary>The environment's gateway deactivated; its snapshot keeps serving while the next request starts another.</summary>
    public void MarkInactive(string environmentKey)
    {
        if (_entries.TryGetValue(environmentKey, out var entry)) entry.MarkInactive();
    }

    /// <summary>Forgets an environment whose gateway retired; the next request admits it again.</summary>
    public void Remove(string environmentKey) => _entries.TryRemove(environmentKey, out _);

    /// <summary>
    /// Waits (bounded) until this silo serves a snapshot of the environment that satisfies <paramref name="satisfied"/>.
    /// False when the limit passed first or the environment has no entry.
    /// </summary>
    public async Task<bool> WaitForAsync(string environmentKey, Func<ServingSnapshot, bool> satisfied, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(environmentKey, out var entry)) return false;
        var waiter = entry.WaitAsync(satisfied);

        // Registered first, checked second: a publish in between is caught by one or the other.
        if (entry.Snapshot is { } current && satisfied(current))
        {
            entry.StopWaiting(waiter);
            return true;
        }

        try
        {
            await waiter.WaitAsync(limit, _clock, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            entry.StopWaiting(waiter);
            return false;
        }
        catch (OperationCanceledException)
        {
            entry.StopWaiting(waiter);
            throw;
        }
    }
}
