using System.Collections.Concurrent;
using FlagGrains.Grains.Gateways;
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
    private readonly GatewaySnapshotRegistry _registry;
    private readonly EventStreamOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<EventStreamHub> _logger;
    private readonly ITimer _heartbeat;
    private readonly CancellationTokenRegistration _stopping;
    private int _connections;
    private volatile bool _stopped;

    public EventStreamHub(
        GatewaySnapshotRegistry registry,
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

        // Open streams would otherwise hold the graceful shutdown for its whole timeout; clients reconnect elsewhere.
        _stopping = lifetime.ApplicationStopping.Register(CloseAll);
    }

    /// <summary>Open streams on this silo.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Registers a stream; false when the silo is at its limit or stopping (the caller answers 503).</summary>
    public bool TryAdd(EventStreamConnection connection)
    {
        if (_stopped || Interlocked.Increment(ref _connections) > _options.MaxConnections)
        {
            if (!_stopped) Interlocked.Decrement(ref _connections);
            return false;
        }

        Streams(connection.EnvironmentKey).Add(connection);

        // Stopping may have begun after the check above; such a stream ends at once instead of holding shutdown.
        if (_stopped) connection.Close();
        return true;
    }

    public void Remove(EventStreamConnection connection)
    {
        if (_environments.TryGetValue(connection.EnvironmentKey, out var streams) && streams.Remove(connection))
            Interlocked.Decrement(ref _connections);
    }

    /// <summary>
    /// Waits (bounded) until this silo serves a snapshot of the environment that satisfies <paramref name="satisfied"/>.
    /// Used by re-fetches a notification triggered: the notifying silo may be a few milliseconds ahead of this one.
    /// </summary>
    public async Task<bool> WaitForAsync(string environmentKey, Func<GatewaySnapshot, bool> satisfied, TimeSpan limit, CancellationToken cancellationToken)
    {
        var streams = Streams(environmentKey);
        var waiter = streams.WaitAsync(satisfied);

        // Registered first, checked second: a publish in between is caught by one or the other.
        if (_registry.TryGet(environmentKey, out var current) && satisfied(current))
        {
            streams.StopWaiting(waiter);
            return true;
        }

        try
        {
            await waiter.WaitAsync(limit, _clock, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            streams.StopWaiting(waiter);
            return false;
        }
        catch (OperationCanceledException)
        {
            streams.StopWaiting(waiter);
            throw;
        }
    }

    private EnvironmentStreams Streams(string environmentKey) =>
        _environments.GetOrAdd(environmentKey, static _ => new EnvironmentStreams());

    /// <summary>Registry callback; internal so tests can publish what the admin API cannot produce yet (a revocation).</summary>
    internal void OnPublished(GatewaySnapshot snapshot)
    {
        if (!_environments.TryGetValue(snapshot.EnvironmentKey, out var streams)) return;
        streams.Release(snapshot);
        if (!streams.Advance(snapshot.Version) || streams.Count == 0) return;

        // Raised inside the gateway grain's turn: the fan-out runs on the thread pool so the grain is not held up.
        _ = Task.Run(() => FanOutAsync(streams, snapshot));
    }

    private async Task FanOutAsync(EnvironmentStreams streams, GatewaySnapshot snapshot)
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
        foreach (var streams in _environments.Values)
        {
            foreach (var connection in streams.Connections()) connection.RequestHeartbeat();
        }
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
        _stopping.Dispose();
        CloseAll();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} event streams of {Environment}: their key was revoked")]
    private static partial void LogClosedRevoked(ILogger logger, int count, string environment);

    [LoggerMessage(Level = LogLevel.Error, Message = "Fan-out of {Environment} version {Version} failed; clients catch up on their next poll or reconnect")]
    private static partial void LogFanOutFailed(ILogger logger, Exception ex, string environment, long version);
}
