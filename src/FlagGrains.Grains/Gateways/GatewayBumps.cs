using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Gateways;

namespace FlagGrains.Grains.Gateways;

/// <summary>
/// Sends a writer's bump straight to every active silo's <see cref="IGatewayRelayGrain"/>, one-way. The memory stream
/// delivers the same bump only after its queue's next poll, which was most of a write's way to the gateways; the
/// stream stays, for Orleans clients and as the second of two hints (gateways ignore a bump they are not behind).
/// A small document travels along, so a gateway compiles it at once instead of pulling it back from the writer.
/// </summary>
public sealed class GatewayBumps(IGrainFactory grains, IClusterMembershipService membership)
{
    /// <summary>Documents up to this size travel with their bump, saving each gateway a pull of the same bytes.</summary>
    public const int MaxCarriedDocumentChars = 64 * 1024;

    public void Announce(VersionBump bump, EnvironmentSnapshot snapshot)
    {
        var carried = snapshot.DocumentJson is { Length: > MaxCarriedDocumentChars } ? null : snapshot;
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status != SiloStatus.Active) continue;
            grains.GetGrain<IGatewayRelayGrain>(GrainKeys.GatewayRelay(member.SiloAddress.ToParsableString())).RelayAsync(bump, carried).Ignore();
        }
    }
}
