using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using FlagGrains.Grains;
using FlagGrains.Grains.Gateways;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace FlagGrains.Client.Tests.TestSupport;

/// <summary>
/// Two in-process silos with the production grain wiring and in-memory storage (as in FlagGrains.Grains.Tests),
/// on real TCP sockets so a client built by AddFlagGrainsClient can join them like any internal service.
/// </summary>
public sealed class ClientClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; } = Build();

    /// <summary>The client gateway of the first silo: what Localhost mode connects to. Kept after the silos stop.</summary>
    public int GatewayPort { get; private set; }

    public async Task InitializeAsync()
    {
        await Cluster.DeployAsync();
        GatewayPort = Cluster.Primary!.GatewayAddress.Endpoint.Port;
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    public IEnvironmentGrain Environment(string environmentKey) => Cluster.Client.GetGrain<IEnvironmentGrain>(environmentKey);

    /// <summary>Writes a whole document through the environment grain, as the admin API does, and returns the new version.</summary>
    public async Task<long> PutAsync(string environmentKey, string documentJson)
    {
        var result = await Environment(environmentKey).PutFlagSetAsync(documentJson, null, Flags.Change);
        Assert.Equal(FlagSetWriteStatus.Stored, result.Status);
        return result.Version;
    }

    private static TestCluster Build()
    {
        var builder = new TestClusterBuilder(2);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ServiceId = "flaggrains";
        builder.Options.ClusterId = "flaggrains-client-tests";
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        return builder.Build();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(ProviderNames.GrainStorage)
                .AddMemoryGrainStorage(ProviderNames.PubSubStore)
                .AddFlagGrains();
            silo.Services.Configure<GatewayOptions>(o => o.VersionCheckInterval = TimeSpan.FromMilliseconds(500));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClientClusterCollection : ICollectionFixture<ClientClusterFixture>
{
    public const string Name = "client and two-silo cluster";
}
