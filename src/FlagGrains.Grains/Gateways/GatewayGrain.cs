using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Gateways;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Streams;

namespace FlagGrains.Grains.Gateways;

/// <summary>
/// One environment's edge on one silo. Bumps arrive on a stream but are only hints: the gateway pulls the snapshot,
/// compiles it and publishes it to its silo's registry. A timer repairs lost bumps.
/// </summary>
[PreferLocalPlacement]
public sealed partial class GatewayGrain(
    GatewaySnapshotRegistry registry,
    IClusterMembershipService membership,
    IOptions<GatewayOptions> options,
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
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_foreign) registry.MarkInactive(_environmentKey);
        return Task.CompletedTask;
    }

    public Task<long> EnsureReadyAsync() => _foreign
        ? throw new InvalidOperationException($"Gateway {this.GetPrimaryKeyString()} belongs to another silo.")
        : Task.FromResult(_version);

    public Task OnNextAsync(VersionBump item, StreamSequenceToken? token = null) =>
        _foreign || item.Version <= _version ? Task.CompletedTask : RefreshQuietlyAsync();

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, ex, _environmentKey);
        return Task.CompletedTask;
    }

    private async Task RefreshAsync()
    {
        var environment = GrainFactory.GetGrain<IEnvironmentGrain>(_environmentKey);
        if (_version >= 0 && await environment.GetVersionAsync() <= _version) return;

        var snapshot = await environment.GetSnapshotAsync();
        if (snapshot.Version <= _version) return;

        registry.Publish(GatewaySnapshot.Compile(snapshot));
        _version = snapshot.Version;
    }

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await RefreshAsync();
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
