using System.Diagnostics;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Gateways;
using FlagGrains.Grains.Analytics;
using FlagGrains.Grains.Placement;
using FlagGrains.Serving;
using FlagGrains.Serving.Following;
using FlagGrains.Serving.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Streams;

namespace FlagGrains.Grains.Gateways;

/// <summary>
/// One environment's edge on one silo: hosts the <see cref="SnapshotFollower"/> that keeps the silo's registry entry
/// current. Bumps arrive on a stream but are only hints; a timer repairs lost bumps, retires the gateway when nobody
/// reads its environment any more, and sends the environment's evaluation counts on this silo to the usage grain.
/// </summary>
[OwnerSiloPlacement]
public sealed partial class GatewayGrain(
    SnapshotRegistry registry,
    ServingSilo silo,
    IClusterMembershipService membership,
    IOptions<GatewayOptions> options,
    IOptions<AnalyticsOptions> analytics,
    IOptions<RuleLimitOptions> limits,
    UsageFlusher usage,
    FlagGrainsMetrics metrics,
    TimeProvider clock,
    ILogger<GatewayGrain> logger) : Grain, IGatewayGrain, IAsyncObserver<VersionBump>, ISnapshotSink
{
    private string _environmentKey = "";
    private bool _foreign;
    private bool _retired;
    private bool _subscribed;
    private ServingSnapshot? _published;
    private SnapshotFollower? _follower;
    private IAsyncStream<VersionBump>? _bumps;

    long ISnapshotSink.HeldVersion => _published?.Version ?? -1;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (siloIdentity, environmentKey) = GrainKeys.ParseGateway(this.GetPrimaryKeyString());
        _environmentKey = environmentKey;
        _bumps = VersionBumps.Of(this.GetStreamProvider(ProviderNames.Streams), environmentKey);

        if (siloIdentity != silo.Identity)
        {
            // Subscriptions outlive silos: a bump for a gateway whose silo is gone activates it here instead.
            // Only a dead owner's subscription is dropped; a live owner re-subscribes on its own activation.
            _foreign = true;
            if (IsDead(siloIdentity)) await VersionBumps.UnsubscribeAllAsync(_bumps);
            DeactivateOnIdle();
            return;
        }

        _follower = new SnapshotFollower(environmentKey, GrainFactory, this, limits.Value.ToRuleLimits(), new SnapshotFollowerSettings("gateway", KeepKeys: true));
        this.RegisterGrainTimer(
            _ => TickAsync(),
            new GrainTimerCreationOptions(options.Value.VersionCheckInterval, options.Value.VersionCheckInterval) { KeepAlive = true });
        this.RegisterGrainTimer(
            _ => usage.FlushQuietlyAsync(_environmentKey),
            new GrainTimerCreationOptions(analytics.Value.FlushInterval, analytics.Value.FlushInterval));

        // A bump for an environment nobody on this silo asks for any more (retired, evicted) wakes no gateway for long.
        if (!registry.TryGetEntry(environmentKey, out _))
        {
            await RetireAsync();
            return;
        }

        await SubscribeQuietlyAsync();
        await CatchUpAsync(cause: null);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_foreign) return;
        if (!_retired) registry.MarkInactive(_environmentKey);

        // Shutdown, rebalancing or retirement: what this silo counted would otherwise wait for the next activation.
        await usage.FlushQuietlyAsync(_environmentKey);
    }

    public async Task<long> EnsureReadyAsync()
    {
        if (_foreign) throw new InvalidOperationException($"Gateway {this.GetPrimaryKeyString()} belongs to another silo.");
        if (_retired)
        {
            // Asked for again between retiring and deactivating: serve once more rather than leave the request empty.
            if (!registry.TryGetEntry(_environmentKey, out _)) return -1;
            _retired = false;
            await SubscribeQuietlyAsync();
        }

        // The registry may have dropped and re-admitted the environment since this gateway published.
        if (_published is { } published) registry.Publish(published);
        else await CatchUpAsync(cause: null);
        return _published?.Version ?? -1;
    }

    public async Task<long> CatchUpAsync()
    {
        if (_foreign || _retired) return _published?.Version ?? -1;
        await CatchUpAsync(cause: null);
        return _published?.Version ?? -1;
    }

    public Task NotifyAsync(VersionBump bump, EnvironmentSnapshot? snapshot) =>
        _foreign || _retired || _follower is null || !_follower.IsBehind(bump.Version)
            ? Task.CompletedTask
            : CatchUpQuietlyAsync(ActivityContext.TryParse(bump.TraceParent, null, out var cause) ? cause : null, snapshot);

    public Task OnNextAsync(VersionBump item, StreamSequenceToken? token = null) => NotifyAsync(item, snapshot: null);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, ex, _environmentKey);
        return Task.CompletedTask;
    }

    bool ISnapshotSink.Publish(ServingSnapshot snapshot)
    {
        if (!registry.Publish(snapshot)) return false;
        _published = snapshot;
        return true;
    }

    private async Task CatchUpAsync(ActivityContext? cause, EnvironmentSnapshot? carried = null)
    {
        var caught = await _follower!.CatchUpAsync(cause, carried: carried);
        switch (caught.Outcome)
        {
            case CatchUpOutcome.Advanced when caught.PreviousVersion >= 0 && caught.Published!.Flags is not null:
                // A first activation catching up on an old write is not propagation; a running gateway seeing a new version is.
                metrics.PropagationLag.Record(
                    Math.Max(0, (clock.GetUtcNow() - caught.Published.UpdatedAt).TotalSeconds),
                    new KeyValuePair<string, object?>("environment", _environmentKey));
                break;
            case CatchUpOutcome.Unwanted:
                await RetireAsync();
                break;
        }
    }

    private async Task TickAsync()
    {
        if (_retired) return;
        if (!registry.IsWanted(_environmentKey))
        {
            await RetireAsync();
            return;
        }

        if (!_subscribed) await SubscribeQuietlyAsync();
        await CatchUpQuietlyAsync();
    }

    /// <summary>
    /// The stream is one of two ways bumps arrive (the writer also notifies gateways directly) and the timer repairs
    /// both, so a subscription that fails (the pub-sub store busy or conflicting while silos come and go) must not fail
    /// the activation: that turned a first request into a 503. The timer subscribes again until it holds.
    /// </summary>
    private async Task SubscribeQuietlyAsync()
    {
        try
        {
            await VersionBumps.ResumeOrSubscribeAsync(_bumps!, this);
            _subscribed = true;
        }
        catch (Exception ex)
        {
            _subscribed = false;
            LogSubscribeFailed(logger, ex, _environmentKey);
        }
    }

    private async Task CatchUpQuietlyAsync(ActivityContext? cause = null, EnvironmentSnapshot? carried = null)
    {
        try
        {
            await CatchUpAsync(cause, carried);
        }
        catch (Exception ex)
        {
            // The last snapshot keeps serving; the next tick tries again.
            LogRefreshFailed(logger, ex, _environmentKey, _published?.Version ?? -1);
        }
    }

    /// <summary>
    /// Nobody on this silo reads the environment any more: its snapshot, stream subscription and activation go, so an
    /// idle or evicted environment costs this silo nothing. The next request activates a new gateway.
    /// </summary>
    private async Task RetireAsync()
    {
        _retired = true;
        _subscribed = false;
        registry.Remove(_environmentKey);
        try
        {
            await VersionBumps.UnsubscribeAllAsync(_bumps!);
        }
        catch (Exception ex)
        {
            // Left behind, the subscription only wakes this gateway to retire again.
            LogUnsubscribeFailed(logger, ex, _environmentKey);
        }

        DeactivateOnIdle();
    }

    private bool IsDead(string siloIdentity)
    {
        var address = SiloAddress.FromParsableString(siloIdentity);
        return membership.CurrentSnapshot.GetSiloStatus(address) is SiloStatus.Dead or SiloStatus.None;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway for {Environment} could not refresh from version {Version}; serving the last snapshot")]
    private static partial void LogRefreshFailed(ILogger logger, Exception ex, string environment, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Version stream of {Environment} reported an error; relying on the periodic check")]
    private static partial void LogStreamError(ILogger logger, Exception ex, string environment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway for {Environment} could not subscribe to its version stream; serving, and subscribing again at its next version check")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception ex, string environment);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retired gateway of {Environment} could not drop its stream subscription")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception ex, string environment);
}
