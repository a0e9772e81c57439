using FlagGrains.Contracts.Environments;
using Orleans.Concurrency;

namespace FlagGrains.Contracts.Gateways;

/// <summary>
/// One per silo (key <see cref="GrainKeys.GatewayRelay"/>): hands a version bump to the silo's gateway of that
/// environment when the silo serves it. A writer sends one bump per silo, one-way, without waiting for the stream's
/// queue poll; the stream still carries every bump to Orleans clients and repairs a lost call.
/// </summary>
[Alias("FlagGrains.IGatewayRelayGrain")]
public interface IGatewayRelayGrain : IGrainWithStringKey
{
    /// <param name="snapshot">The environment at the bump's version, when it is small enough to send to every silo.</param>
    [Alias("Relay"), OneWay]
    Task RelayAsync(VersionBump bump, EnvironmentSnapshot? snapshot);
}
