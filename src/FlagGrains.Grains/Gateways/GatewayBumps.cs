using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Gateways;

namespace FlagGrains.Grains.Gateways;

/// <summary>
/// Sends a writer's bump straight to every active silo's <see cref="IGatewayRelayGrain"/>, one-way. The memory stream
/// delivers the same bump only after its queue's next poll, which was most of a write's way to the gateways; the
/// stream stays, for Orleans clients and as the second of two hints (gateways ignore a bump they are not behind).
/// </summary>
public sealed class GatewayBumps(IGrainFactory grains, IClusterMembershipService membership)
{
    public void Announce(VersionBump bump)
    {
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status != SiloStatus.Active) continue;
            grains.GetGrain<IGatewayRelayGrain>(GrainKeys.GatewayRelay(member.SiloAddress.ToParsableString())).RelayAsync(bump).Ignore();
        }
    }
}
