using FlagGrains.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace FlagGrains.Grains.Tests.TestSupport;

/// <summary>One silo with the production grain wiring whose grain storage fails on request (<see cref="FaultyStorage"/>).</summary>
public sealed class FaultyStorageFixture : IAsyncLifetime
{
    private const string InnerStorage = "faulty-inner";

    public TestCluster Cluster { get; } = new TestClusterBuilder(1).AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    public IGrainFactory Grains => Cluster.Client;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Deactivates every idle activation: what the next call sees is only what storage kept, as after a crash.</summary>
    public Task ForgetActivationsAsync() => Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(InnerStorage)
                .AddMemoryGrainStorage(ProviderNames.PubSubStore)
                .AddFlagGrains();
            silo.Services.AddKeyedSingleton<IGrainStorage>(
                ProviderNames.GrainStorage,
                (services, _) => new FaultyStorage(services.GetRequiredKeyedService<IGrainStorage>(InnerStorage)));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FaultyStorageCollection : ICollectionFixture<FaultyStorageFixture>
{
    public const string Name = "silo with failing storage";
}
