using System.Collections.Concurrent;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Gateways;
using Orleans.Runtime;

namespace FlagGrains.Grains.Gateways;

/// <summary>
/// Silo-local table of the snapshots this silo's gateways have published. HTTP handlers read it directly: the hot
/// path makes no grain call, so it keeps working while membership changes or a remote silo is dead.
/// </summary>
public sealed class GatewaySnapshotRegistry(IGrainFactory grains, ILocalSiloDetails silo)
{
    private readonly ConcurrentDictionary<string, GatewaySnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task>> _activations = new(StringComparer.Ordinal);

    /// <summary>Identifies this silo in gateway keys; includes the generation so a restarted silo is a new one.</summary>
    public string SiloIdentity { get; } = silo.SiloAddress.ToParsableString();

    /// <summary>Raised after a gateway published a newer snapshot on this silo.</summary>
    public event Action<GatewaySnapshot>? Published;

    /// <summary>The published snapshot, if this silo's gateway has one. Never blocks, never calls a grain.</summary>
    public bool TryGet(string environmentKey, out GatewaySnapshot snapshot) =>
        _snapshots.TryGetValue(environmentKey, out snapshot!);

    /// <summary>
    /// The published snapshot, activating this silo's gateway first if needed. Only the first request for an
    /// environment on a silo pays for the activation; concurrent first requests share it.
    /// </summary>
    public ValueTask<GatewaySnapshot> GetAsync(string environmentKey)
    {
        if (_snapshots.TryGetValue(environmentKey, out var snapshot))
        {
            // A stale snapshot is served at once while the gateway comes back; waiting here would tie evaluations
            // to the cluster's health.
            if (!IsActive(environmentKey)) _ = ActivateAsync(environmentKey).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            return ValueTask.FromResult(snapshot);
        }

        return new ValueTask<GatewaySnapshot>(ActivateAsync(environmentKey));
    }

    /// <summary>Environments with a published snapshot on this silo.</summary>
    public IReadOnlyCollection<string> EnvironmentKeys => (IReadOnlyCollection<string>)_snapshots.Keys;

    internal void Publish(GatewaySnapshot snapshot)
    {
        var stored = _snapshots.AddOrUpdate(
            snapshot.EnvironmentKey,
            snapshot,
            (_, current) => snapshot.Version > current.Version ? snapshot : current);
        if (ReferenceEquals(stored, snapshot)) Published?.Invoke(snapshot);
    }

    /// <summary>
    /// The gateway went away (deactivation, shutdown). Its last snapshot keeps serving; the next request re-activates
    /// a gateway so updates resume.
    /// </summary>
    internal void MarkInactive(string environmentKey) => _activations.TryRemove(environmentKey, out _);

    private bool IsActive(string environmentKey) =>
        _activations.TryGetValue(environmentKey, out var activation) && activation.IsValueCreated && activation.Value.IsCompletedSuccessfully;

    private async Task<GatewaySnapshot> ActivateAsync(string environmentKey)
    {
        var activation = _activations.GetOrAdd(environmentKey, key => new Lazy<Task>(() => EnsureReadyAsync(key)));
        try
        {
            await activation.Value;
        }
        catch
        {
            _activations.TryRemove(new KeyValuePair<string, Lazy<Task>>(environmentKey, activation));
            if (_snapshots.TryGetValue(environmentKey, out var stale)) return stale;
            throw;
        }

        return _snapshots[environmentKey];
    }

    private Task EnsureReadyAsync(string environmentKey) =>
        grains.GetGrain<IGatewayGrain>(GrainKeys.Gateway(SiloIdentity, environmentKey)).EnsureReadyAsync();
}
