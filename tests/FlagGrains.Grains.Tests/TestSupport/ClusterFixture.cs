using FlagGrains.Contracts;
using FlagGrains.Grains;
using FlagGrains.Grains.Gateways;
using FlagGrains.Serving;
using FlagGrains.Serving.Resolving;
using FlagGrains.Serving.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using FlagGrains.Testing;
using Orleans.Storage;
using Orleans.TestingHost;

namespace FlagGrains.Grains.Tests.TestSupport;

/// <summary>
/// Two in-process silos with the production grain wiring and in-memory storage. Releases and scheduled changes read
/// <see cref="AutomationClock"/>, which tests move by hand before delivering a reminder tick themselves (what the
/// reminder service does at a due time); the reminder service and everything else run on real time.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>
    /// The automation clock, shared by both silos (they are in this process). Orleans' own reminder service stays on real
    /// time: its waits round to whole milliseconds and would spin on a clock that only moves by hand.
    /// </summary>
    public static ManualClock AutomationClock { get; } = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Shorter than production's so the lost-bump test stays quick.</summary>
    public static readonly TimeSpan VersionCheckInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Short so the gateway's own flush timer is observed within a test.</summary>
    public static readonly TimeSpan UsageFlushInterval = TimeSpan.FromMilliseconds(300);

    private const string PubSubInnerStorage = "pubsub-inner";

    public TestCluster Cluster { get; } = new TestClusterBuilder(2).AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    public IServiceProvider SiloServices(int index) => ((InProcessSiloHandle)Cluster.Silos[index]).SiloHost.Services;

    public SnapshotRegistry Registry(int index) => SiloServices(index).GetRequiredService<SnapshotRegistry>();

    public SnapshotResolver Resolver(int index) => SiloServices(index).GetRequiredService<SnapshotResolver>();

    public string SiloIdentity(int index) => SiloServices(index).GetRequiredService<ServingSilo>().Identity;

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(ProviderNames.GrainStorage)
                .AddMemoryGrainStorage(PubSubInnerStorage)
                .UseInMemoryReminderService()
                .AddFlagGrains()
                .AddOutgoingGrainCallFilter<HotPathCallProbe>()
                .AddIncomingGrainCallFilter<BumpMuter>()
                .AddIncomingGrainCallFilter<CallFaults>()
                .AddIncomingGrainCallFilter<WebhookPublishProbe>();

            // Subscriptions are real; a test may fail some of their writes (FaultyStorage) as a busy store would.
            silo.Services.AddKeyedSingleton<IGrainStorage>(
                ProviderNames.PubSubStore,
                (services, _) => new FaultyStorage(services.GetRequiredKeyedService<IGrainStorage>(PubSubInnerStorage)));
            silo.Services.Configure<GatewayOptions>(o => o.VersionCheckInterval = VersionCheckInterval);
            silo.Services.Configure<FlagGrains.Grains.Analytics.AnalyticsOptions>(o => o.FlushInterval = UsageFlushInterval);
            silo.Services.AddKeyedSingleton<TimeProvider>(FlagGrains.Grains.Automation.AutomationOptions.ClockKey, AutomationClock);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "two-silo cluster";
}
