using FlagGrains.Client.Hosting;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using Microsoft.Extensions.Logging;
using FlagGrains.Serving.Following;
using FlagGrains.Serving.Snapshots;
using Orleans.Streams;

namespace FlagGrains.Client.Sync;

/// <summary>
/// Keeps one environment's mirror current with the same <see cref="SnapshotFollower"/> a silo's gateway hosts:
/// version bumps on the environment's stream are hints that wake the loop, which has the follower catch up; a
/// periodic check repairs a lost bump and tells whether the cluster is reachable. Only this loop calls the cluster;
/// evaluations never do.
/// </summary>
internal sealed partial class EnvironmentSync : IAsyncObserver<VersionBump>, ISnapshotSink
{
    private readonly EnvironmentMirror _mirror;
    private readonly IClusterClient _client;
    private readonly FlagGrainsClientOptions _options;
    private readonly SnapshotFileCache? _cache;
    private readonly ILogger _logger;
    private readonly SnapshotFollower _follower;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private StreamSubscriptionHandle<VersionBump>? _subscription;
    private bool _subscriptionSuspect = true;
    private bool? _reachable; // null until the first check, so each change of state is logged once

    public EnvironmentSync(EnvironmentMirror mirror, IClusterClient client, FlagGrainsClientOptions options, SnapshotFileCache? cache, ILogger logger)
    {
        _mirror = mirror;
        _client = client;
        _options = options;
        _cache = cache;
        _logger = logger;
        _follower = new SnapshotFollower(
            mirror.EnvironmentKey, client, this, options.Limits.ToRuleLimits(), new SnapshotFollowerSettings("client", KeepKeys: false, options.CallTimeout));
    }

    private string EnvironmentKey => _mirror.EnvironmentKey;

    long ISnapshotSink.HeldVersion => _mirror.Current?.Version ?? -1;

    bool ISnapshotSink.Publish(ServingSnapshot snapshot)
    {
        // Saved before it is published: whoever sees the new version can rely on the cache holding it too.
        _cache?.Save(snapshot);
        _mirror.Apply(snapshot, confirmed: true);
        return true;
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await SyncOnceAsync(stopping);
            try
            {
                await _wake.WaitAsync(_options.VersionCheckInterval, stopping);
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
            await subscription.UnsubscribeAsync().WaitAsync(_options.CallTimeout, cancellationToken);
        }
        catch (Exception ex)
        {
            LogUnsubscribeFailed(_logger, ex, EnvironmentKey);
        }
    }

    public Task OnNextAsync(VersionBump item, StreamSequenceToken? token = null)
    {
        if (_follower.IsBehind(item.Version)) Wake();
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(_logger, ex, EnvironmentKey);
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

            var caught = await _follower.CatchUpAsync(cancellationToken: stopping);

            // A lower version is never taken, as in the gateways: versions only move forward. It is what an
            // environment re-activated over lost storage reports (seen with in-memory storage while silos stop).
            if (caught.Outcome == CatchUpOutcome.Older) LogOlderVersion(_logger, EnvironmentKey, caught.ReportedVersion, caught.PreviousVersion);
            if (caught.Outcome != CatchUpOutcome.Advanced) _mirror.MarkConfirmed();

            if (_reachable != true) LogReachable(_logger, EnvironmentKey, _mirror.Current?.Version ?? 0);
            _reachable = true;
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            _mirror.MarkUnconfirmed();

            // After an outage the cluster may have lost the subscription (silos restarted, in-memory pub-sub).
            _subscriptionSuspect = true;
            if (_reachable != false) LogUnreachable(_logger, ex, EnvironmentKey, _mirror.Current?.Version ?? 0);
            _reachable = false;
        }
    }

    private async Task RenewSubscriptionAsync(CancellationToken stopping)
    {
        await UnsubscribeAsync(stopping);
        var stream = VersionBumps.Of(_client.GetStreamProvider(ProviderNames.Streams), EnvironmentKey);
        _subscription = await stream.SubscribeAsync(this).WaitAsync(_options.CallTimeout, stopping);
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
