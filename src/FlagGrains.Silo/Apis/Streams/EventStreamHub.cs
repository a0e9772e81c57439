using System.Collections.Concurrent;
using System.Net;
using FlagGrains.Serving.Snapshots;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// This silo's open event streams, by environment. It listens to the silo's snapshot registry, so a change reaches
/// every local stream without a grain call per connection, and one timer sends every heartbeat. Silos need no
/// coordination: each fans out to its own connections when its own gateway publishes.
/// </summary>
public sealed partial class EventStreamHub : IDisposable
{
    private readonly ConcurrentDictionary<string, EnvironmentStreams> _environments = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private readonly ConcurrentDictionary<(string Environment, string KeyId), int> _perKey = new();
    private readonly SnapshotRegistry _registry;
    private readonly EventStreamOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<EventStreamHub> _logger;
    private readonly ITimer _heartbeat;
    private readonly ITimer _abandonedCheck;
    private readonly CancellationTokenRegistration _stopping;
    private int _connections;
    private volatile bool _stopped;

    public EventStreamHub(
        SnapshotRegistry registry,
        IOptions<EventStreamOptions> options,
        TimeProvider clock,
        IHostApplicationLifetime lifetime,
        ILogger<EventStreamHub> logger)
    {
        _registry = registry;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _registry.Published += OnPublished;
        _heartbeat = clock.CreateTimer(_ => Heartbeat(), null, _options.HeartbeatInterval, _options.HeartbeatInterval);
        _abandonedCheck = clock.CreateTimer(_ => EndAbandoned(), null, _options.AbandonedCheckInterval, _options.AbandonedCheckInterval);

        // Open streams would otherwise hold the graceful shutdown for its whole timeout; clients reconnect elsewhere.
        _stopping = lifetime.ApplicationStopping.Register(CloseAll);
    }

    /// <summary>Open streams on this silo.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>
    /// Registers a stream, or says why not: the silo is full or stopping (503), or the client's address or key holds
    /// its share of streams already (429).
    /// </summary>
    public StreamAdmission TryAdd(EventStreamConnection connection)
    {
        if (_stopped) return StreamAdmission.SiloFull;
        if (!Take(_perAddress, connection.Address, _options.MaxConnectionsPerAddress)) return StreamAdmission.AddressFull;
        if (!Take(_perKey, (connection.EnvironmentKey, connection.KeyId), _options.MaxConnectionsPerKey))
        {
            Release(_perAddress, connection.Address);
            return StreamAdmission.KeyFull;
        }

        if (Interlocked.Increment(ref _connections) > _options.MaxConnections)
        {
            Interlocked.Decrement(ref _connections);
            Release(_perAddress, connection.Address);
            Release(_perKey, (connection.EnvironmentKey, connection.KeyId));
            return StreamAdmission.SiloFull;
        }

        Streams(connection.EnvironmentKey).Add(connection);

        // Stopping may have begun after the check above; such a stream ends at once instead of holding shutdown.
        if (_stopped) connection.Close();
        return StreamAdmission.Accepted;
    }

    public void Remove(EventStreamConnection connection)
    {
        if (!_environments.TryGetValue(connection.EnvironmentKey, out var streams) || !streams.Remove(connection)) return;
        Interlocked.Decrement(ref _connections);
        Release(_perAddress, connection.Address);
        Release(_perKey, (connection.EnvironmentKey, connection.KeyId));
    }

    /// <summary>Open streams of one client address (for tests and diagnostics).</summary>
    public int ConnectionsOf(IPAddress address) => _perAddress.GetValueOrDefault(address);

    private static bool Take<TKey>(ConcurrentDictionary<TKey, int> counts, TKey key, int cap)
        where TKey : notnull
    {
        if (cap == 0) return true;
        while (true)
        {
            var current = counts.GetValueOrDefault(key);
            if (current >= cap) return false;
            if (current == 0 ? counts.TryAdd(key, 1) : counts.TryUpdate(key, current + 1, current)) return true;
        }
    }

    private static void Release<TKey>(ConcurrentDictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        while (counts.TryGetValue(key, out var current))
        {
            // The last stream of a key or address takes its counter with it, so the tables only hold what is open.
            if (current <= 1 ? counts.TryRemove(new KeyValuePair<TKey, int>(key, current)) : counts.TryUpdate(key, current - 1, current)) return;
        }
    }

    private EnvironmentStreams Streams(string environmentKey) =>
        _environments.GetOrAdd(environmentKey, static _ => new EnvironmentStreams());

    /// <summary>Registry callback; internal so tests can publish a snapshot the admin API cannot produce.</summary>
    internal void OnPublished(ServingSnapshot snapshot)
    {
        if (!_environments.TryGetValue(snapshot.EnvironmentKey, out var streams)) return;
        if (!streams.Advance(snapshot.Version) || streams.Count == 0) return;

        // Raised inside the gateway grain's turn: the fan-out runs on the thread pool so the grain is not held up.
        _ = Task.Run(() => FanOutAsync(streams, snapshot));
    }

    private async Task FanOutAsync(EnvironmentStreams streams, ServingSnapshot snapshot)
    {
        try
        {
            var announcement = new Announcement(snapshot.Version, snapshot.UpdatedAt);
            var audience = new List<EventStreamConnection>(streams.Count);
            var revoked = 0;
            foreach (var connection in streams.Connections())
            {
                if (snapshot.Flags is not null && snapshot.HasKey(connection.KeyId))
                {
                    audience.Add(connection);
                }
                else
                {
                    connection.Close();
                    revoked++;
                }
            }

            if (revoked > 0) LogClosedRevoked(_logger, revoked, snapshot.EnvironmentKey);

            // Random order per change, so no client is always last.
            var order = audience.ToArray();
            Random.Shared.Shuffle(order);
            var plan = FanOutPlan.For(order.Length, _options.RefetchesPerSecond, _options.MaxFanOutSpread);
            for (var slice = 0; slice < plan.Slices; slice++)
            {
                // A newer version started its own fan-out to everyone; this one has nothing left to add.
                if (streams.LatestVersion > snapshot.Version) return;
                if (slice > 0) await Task.Delay(plan.Interval, _clock);
                foreach (var connection in order.AsSpan(slice * plan.PerSlice, Math.Min(plan.PerSlice, order.Length - (slice * plan.PerSlice))))
                {
                    connection.Notify(announcement);
                }
            }
        }
        catch (Exception ex)
        {
            LogFanOutFailed(_logger, ex, snapshot.EnvironmentKey, snapshot.Version);
        }
    }

    private void Heartbeat()
    {
        foreach (var (environmentKey, streams) in _environments)
        {
            // Listeners count as readers: an environment with open streams keeps its gateway on this silo.
            if (streams.Count > 0) _registry.Touch(environmentKey);
            foreach (var connection in streams.Connections()) connection.RequestHeartbeat();
        }
    }

    /// <summary>Ends the streams whose client went away since the last check (see <see cref="EventStreamConnection.EndIfAbandoned"/>).</summary>
    private void EndAbandoned()
    {
        // Enumerated in place: `Values` would take every lock of the table and copy it, once a second.
        foreach (var (_, streams) in _environments) streams.EndAbandoned();
    }

    private void CloseAll()
    {
        _stopped = true;
        foreach (var streams in _environments.Values)
        {
            foreach (var connection in streams.Connections()) connection.Close();
        }
    }

    public void Dispose()
    {
        _registry.Published -= OnPublished;
        _heartbeat.Dispose();
        _abandonedCheck.Dispose();
        _stopping.Dispose();
        CloseAll();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} event streams of {Environment}: their key was revoked")]
    private static partial void LogClosedRevoked(ILogger logger, int count, string environment);

    [LoggerMessage(Level = LogLevel.Error, Message = "Fan-out of {Environment} version {Version} failed; clients catch up on their next poll or reconnect")]
    private static partial void LogFanOutFailed(ILogger logger, Exception ex, string environment, long version);
}

/// <summary>Whether <see cref="EventStreamHub.TryAdd"/> registered a stream, and which cap refused it.</summary>
public enum StreamAdmission
{
    Accepted,
    SiloFull,
    AddressFull,
    KeyFull,
}
