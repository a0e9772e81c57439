using System.Diagnostics;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Gateways;
using FlagGrains.Grains.Analytics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Streams;

namespace FlagGrains.Grains.Gateways;

/// <summary>
/// One environment's edge on one silo. Bumps arrive on a stream but are only hints: the gateway pulls the snapshot,
/// compiles it and publishes it to its silo's registry. A timer repairs lost bumps; another sends the evaluation counts
/// of its environment on this silo to the usage grain.
/// </summary>
[PreferLocalPlacement]
public sealed partial class GatewayGrain(
    GatewaySnapshotRegistry registry,
    IClusterMembershipService membership,
    IOptions<GatewayOptions> options,
    IOptions<AnalyticsOptions> analytics,
    UsageFlusher usage,
    FlagGrainsMetrics metrics,
    TimeProvider clock,
    ILogger<GatewayGrain> logger) : Grain, IGatewayGrain, IAsyncObserver<VersionBump>
{
    private string _environmentKey = "";
    private bool _foreign;
    private long _version = -1;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (siloIdentity, environmentKey) = GrainKeys.ParseGateway(this.GetPrimaryKeyString());
        _environmentKey = environmentKey;
        var stream = this.GetStreamProvider(ProviderNames.Streams)
            .GetStream<VersionBump>(StreamId.Create(ProviderNames.VersionBumpNamespace, environmentKey));
        var handles = await stream.GetAllSubscriptionHandles();

        if (siloIdentity != registry.SiloIdentity)
        {
            // Subscriptions outlive silos: a bump for a gateway whose silo is gone activates it here instead.
            // Only a dead owner's subscription is dropped; a live owner re-subscribes on its own activation.
            _foreign = true;
            if (IsDead(siloIdentity))
            {
                foreach (var handle in handles) await handle.UnsubscribeAsync();
            }

            DeactivateOnIdle();
            return;
        }

        if (handles.Count == 0)
        {
            await stream.SubscribeAsync(this);
        }
        else
        {
            await handles[0].ResumeAsync(this);
            foreach (var extra in handles.Skip(1)) await extra.UnsubscribeAsync();
        }

        await RefreshAsync();
        this.RegisterGrainTimer(
            _ => RefreshQuietlyAsync(),
            new GrainTimerCreationOptions(options.Value.VersionCheckInterval, options.Value.VersionCheckInterval) { KeepAlive = true });
        this.RegisterGrainTimer(
            _ => usage.FlushQuietlyAsync(_environmentKey),
            new GrainTimerCreationOptions(analytics.Value.FlushInterval, analytics.Value.FlushInterval));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_foreign) return;
        registry.MarkInactive(_environmentKey);

        // Shutdown or rebalancing: what this silo counted would otherwise wait for the next activation.
        await usage.FlushQuietlyAsync(_environmentKey);
    }

    public Task<long> EnsureReadyAsync() => _foreign
        ? throw new InvalidOperationException($"Gateway {this.GetPrimaryKeyString()} belongs to another silo.")
        : Task.FromResult(_version);

    public Task OnNextAsync(VersionBump item, StreamSequenceToken? token = null) =>
        _foreign || item.Version <= _version
            ? Task.CompletedTask
            : RefreshQuietlyAsync(ActivityContext.TryParse(item.TraceParent, null, out var cause) ? cause : null);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, ex, _environmentKey);
        return Task.CompletedTask;
    }

    private async Task RefreshAsync(ActivityContext? cause = null)
    {
        var environment = GrainFactory.GetGrain<IEnvironmentGrain>(_environmentKey);
        if (_version >= 0 && await environment.GetVersionAsync() <= _version) return;

        // Only a refresh that finds a new version is traced; the periodic check would be one span per gateway every 2 s.
        using var refresh = FlagGrainsDiagnostics.ActivitySource.StartActivity(
            "gateway.refresh", ActivityKind.Internal, default(ActivityContext), links: cause is { } link ? [new ActivityLink(link)] : null);
        refresh?.SetTag("flaggrains.environment", _environmentKey);

        EnvironmentSnapshot snapshot;
        using (FlagGrainsDiagnostics.ActivitySource.StartActivity("gateway.pull"))
        {
            snapshot = await environment.GetSnapshotAsync();
        }

        if (snapshot.Version <= _version) return;

        GatewaySnapshot compiled;
        using (FlagGrainsDiagnostics.ActivitySource.StartActivity("gateway.compile"))
        {
            compiled = GatewaySnapshot.Compile(snapshot);
        }

        using (FlagGrainsDiagnostics.ActivitySource.StartActivity("gateway.publish"))
        {
            registry.Publish(compiled);
        }

        refresh?.SetTag("flaggrains.version", snapshot.Version);

        // A first activation catching up on an old write is not propagation; a running gateway seeing a new version is.
        if (_version >= 0 && snapshot.Exists)
        {
            metrics.PropagationLag.Record(
                Math.Max(0, (clock.GetUtcNow() - snapshot.UpdatedAt).TotalSeconds),
                new KeyValuePair<string, object?>("environment", _environmentKey));
        }

        _version = snapshot.Version;
    }

    private async Task RefreshQuietlyAsync(ActivityContext? cause = null)
    {
        try
        {
            await RefreshAsync(cause);
        }
        catch (Exception ex)
        {
            // The last snapshot keeps serving; the next tick tries again.
            LogRefreshFailed(logger, ex, _environmentKey, _version);
        }
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
}
