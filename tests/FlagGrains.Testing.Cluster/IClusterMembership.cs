using Orleans.Hosting;
using Orleans.Runtime;

namespace FlagGrains.Testing.Cluster;

/// <summary>
/// The membership back end of a test cluster: how its silos are configured to find each other, how an Orleans client
/// joins them, and what the back end's table says about a silo (the cluster's own decision, not a test's guess).
/// </summary>
public interface IClusterMembership
{
    /// <summary>Settings every silo of the cluster gets, as environment variables.</summary>
    IReadOnlyDictionary<string, string> SiloEnvironment { get; }

    /// <summary>Lets an Orleans client find the cluster's gateways the way the silos found each other.</summary>
    void UseIn(IClientBuilder client);

    /// <summary>The silo's latest status in the membership table; <see cref="SiloStatus.None"/> while it has no row.</summary>
    Task<SiloStatus> StatusOfAsync(string clusterId, SiloProcess silo);
}
