using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Gateways;
using FlagGrains.Grains.Placement;
using FlagGrains.Serving;
using FlagGrains.Serving.Snapshots;

namespace FlagGrains.Grains.Gateways;

/// <summary>
/// Passes a writer's bump to this silo's gateway only when the silo has admitted the environment: waking gateways of
/// environments nobody here reads would activate them just to retire again. The gateway itself ignores a bump it is
/// not behind.
/// </summary>
[SiloBoundPlacement]
public sealed class GatewayRelayGrain(SnapshotRegistry registry, ServingSilo silo) : Grain, IGatewayRelayGrain
{
    public Task RelayAsync(VersionBump bump, EnvironmentSnapshot? snapshot)
    {
        if (registry.TryGetEntry(bump.EnvironmentKey, out _))
            GrainFactory.GetGrain<IGatewayGrain>(GrainKeys.Gateway(silo.Identity, bump.EnvironmentKey)).NotifyAsync(bump, snapshot).Ignore();
        return Task.CompletedTask;
    }
}
