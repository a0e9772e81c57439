using FlagGrains.Client.Hosting;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;

namespace FlagGrains.Client.Sync;

/// <summary>
/// Keeps one environment's mirror current, the way a silo's gateway does: version bumps on the environment's stream
/// are hints that wake the loop, which pulls the snapshot itself; a periodic version check repairs a lost bump and
/// tells whether the cluster is reachable. Only this loop calls the cluster; evaluations never do.
/// </summary>
internal sealed partial class EnvironmentSync(
    EnvironmentMirror mirror,
    IClusterClient client,
    FlagGrainsClientOptions options,
    SnapshotFileCache? cache,
    ILogger logger) : IAsyncObserver<VersionBump>
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private StreamSubscriptionHandle<VersionBump>? _subscription;
    private bool _subscriptionSuspect = true;
    private bool? _reachable; // null until the first check, so each change of state is logged once

    private string EnvironmentKey => mirror.EnvironmentKey;

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await SyncOnceAsync(stopping);
            try
            {
                await _wake.WaitAsync(options.VersionCheckInterval, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Best effort on shutdown: a subscription left behind is dropped by the silos once this client is gone.</summary>
    public async Task UnsubscribeAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not { } subscription) return;
        _subscription = null;
        try
        {
            await subscription.UnsubscribeAsync().WaitAsync(options.CallTimeout, cancellationToken);
        }
        catch (Exception ex)
        {
            LogUnsubscribeFailed(logger, ex, EnvironmentKey);
        }
    }

    public Task OnNextAsync(VersionBump item, StreamSequenceToken? token = null)
    {
        if (item.Version > (mirror.Current?.Version ?? -1)) Wake();
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, ex, EnvironmentKey);
        _subscriptionSuspect = true;
        return Task.CompletedTask;
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending; one pull serves every bump before it.
        }
    }

    private async Task SyncOnceAsync(CancellationToken stopping)
    {
        try
        {
            // Subscribing before the version check: a bump sent between the two is then either seen by the check
            // or delivered to the new subscription.
            if (_subscriptionSuspect) await RenewSubscriptionAsync(stopping);

            var environment = client.GetGrain<IEnvironmentGrain>(EnvironmentKey);
            var held = mirror.Current;
            var version = await environment.GetVersionAsync().WaitAsync(options.CallTimeout, stopping);

            if (held is null || version > held.Version)
            {
                var snapshot = MirroredSnapshot.From(await environment.GetSnapshotAsync().WaitAsync(options.CallTimeout, stopping));

                // Saved before it is published: whoever sees the new version can rely on the cache holding it too.
                if (held is null || snapshot.Version > held.Version) cache?.Save(snapshot);
                mirror.Apply(snapshot, confirmed: true);
            }
            else
            {
                // A lower version is never taken, as in the gateways: versions only move forward. It is what an
                // environment re-activated over lost storage reports (seen with in-memory storage while silos stop).
                if (version < held.Version) LogOlderVersion(logger, EnvironmentKey, version, held.Version);
                mirror.MarkConfirmed();
            }

            if (_reachable != true) LogReachable(logger, EnvironmentKey, mirror.Current?.Version ?? 0);
            _reachable = true;
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            mirror.MarkUnconfirmed();

            // After an outage the cluster may have lost the subscription (silos restarted, in-memory pub-sub).
            _subscriptionSuspect = true;
            if (_reachable != false) LogUnreachable(logger, ex, EnvironmentKey, mirror.Current?.Version ?? 0);
            _reachable = false;
        }
    }

    private async Task RenewSubscriptionAsync(CancellationToken stopping)
    {
        await UnsubscribeAsync(stopping);
        var stream = client.GetStreamProvider(ProviderNames.Streams)
            .GetStream<VersionBump>(StreamId.Create(ProviderNames.VersionBumpNamespace, EnvironmentKey));
        _subscription = await stream.SubscribeAsync(this).WaitAsync(options.CallTimeout, stopping);
        _subscriptionSuspect = false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "FlagGrains client is in sync with {Environment} at version {Version}")]
    private static partial void LogReachable(ILogger logger, string environment, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FlagGrains client cannot reach {Environment}; answering from version {Version} (0: not ready) until it can")]
    private static partial void LogUnreachable(ILogger logger, Exception ex, string environment, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Version stream of {Environment} reported an error; relying on the periodic check and renewing the subscription")]
    private static partial void LogStreamError(ILogger logger, Exception ex, string environment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Environment} reports version {Version}, older than the {Held} this client answers from; keeping {Held}")]
    private static partial void LogOlderVersion(ILogger logger, string environment, long version, long held);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unsubscribing from the version stream of {Environment} failed")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception ex, string environment);
}
