using FlagGrains.Contracts;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace FlagGrains.Grains.Placement;

/// <summary>
/// Places a per-silo grain (key <c>{silo}|…</c>, see <see cref="GrainKeys.Gateway"/>) on the silo its key names while
/// that silo is a member, and on the calling silo otherwise. Preferring the caller's silo alone let a stream agent on
/// another silo activate a live silo's gateway away from home; that activation only deactivates itself, and while bumps
/// kept coming the owner silo could not get its own gateway back.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("FlagGrains.OwnerSiloPlacement")]
public sealed class OwnerSiloPlacement : PlacementStrategy
{
    public static OwnerSiloPlacement Instance { get; } = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class OwnerSiloPlacementAttribute() : PlacementAttribute(OwnerSiloPlacement.Instance);

public sealed class OwnerSiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        var (siloIdentity, _) = GrainKeys.ParseGateway(target.GrainIdentity.Key.ToString()!);
        var owner = SiloAddress.FromParsableString(siloIdentity);
        if (compatible.Contains(owner)) return Task.FromResult(owner);

        // A dead owner's subscription still delivers bumps: activate here, where the grain sees it is foreign and drops it.
        return Task.FromResult(compatible.Contains(context.LocalSilo) ? context.LocalSilo : compatible[Random.Shared.Next(compatible.Length)]);
    }
}
