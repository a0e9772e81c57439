using System.Net;
using FlagGrains.AdminConsole;
using FlagGrains.ClusterTls;
using FlagGrains.Contracts;
using Orleans.Configuration;
using FlagGrains.Grains;
using FlagGrains.Persistence;
using FlagGrains.Silo.Access;
using FlagGrains.Silo.Apis.Health;
using FlagGrains.Silo.Apis.Http;
using FlagGrains.Silo.Apis.Ofrep;
using FlagGrains.Silo.Telemetry;

namespace FlagGrains.Silo.Hosting;

/// <summary>Wires Orleans, storage and the HTTP services of one FlagGrains silo.</summary>
public static class SiloHostingExtensions
{
    public static WebApplicationBuilder AddFlagGrainsSilo(this WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var cluster = builder.Configuration.GetSection(SiloClusterOptions.Section).Get<SiloClusterOptions>() ?? new SiloClusterOptions();
        var tls = ClusterTlsHosting.Load(builder.Configuration, cluster);
        BootstrapOptions.Check(builder.Configuration);
        builder.Services.Configure<BootstrapOptions>(builder.Configuration.GetSection(BootstrapOptions.Section));
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton(cluster);
        builder.Services.AddSingleton<SchemaGate>();
        builder.Services.AddSingleton<IStartupGate>(services => services.GetRequiredService<SchemaGate>());

        // Registered before Orleans so the schema exists before the storage provider first reads its queries.
        builder.Services.AddHostedService<SchemaMigrationService>();

        // Orleans warns at every start that reminder periods under a minute are unsuitable for production. Ours are
        // retry intervals after a missed due time (FlagGrains:Automation:RetryPeriod), not a steady tick.
        builder.Logging.AddFilter("Orleans.Hosting.ReminderOptionsValidator", LogLevel.Error);

        builder.UseOrleans(silo =>
        {
            silo.AddFlagGrainsClustering(cluster, storage);
            if (tls is not null) silo.UseClusterTls(tls);
            silo.AddFlagGrainsStorage(storage);
            silo.AddFlagGrains();
            silo.AddFlagGrainsTelemetry(builder.Configuration);
            silo.AddFlagGrainsReminders(storage, builder.Configuration);
        });

        builder.Services.AddHostedService<AdminBootstrapService>();
        builder.Services.AddHostedService<AdminRecoveryService>();
        builder.Services.AddClusterKeyRing();
        builder.Services.AddSingleton<AdminAuthenticator>();
        builder.Services.AddSingleton<EnvironmentKeyAuthenticator>();
        builder.Services.AddFlagGrainsHttp();
        builder.Services.AddOfrepDelivery();
        builder.Services.AddFlagGrainsConsole(builder.Configuration);
        WebhookSecretProtection.AddWebhookSecretProtection(builder.Services);
        builder.AddFlagGrainsTelemetry();
        builder.Services.AddSiloReadiness();
        builder.Services.AddHostedService<StartupSummary>();
        return builder;
    }

    private static void AddFlagGrainsClustering(this ISiloBuilder silo, SiloClusterOptions cluster, StorageOptions storage)
    {
        if (cluster.Mode == ClusterMode.Localhost)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            return;
        }

        silo.UseFlagGrainsMembership(cluster, storage);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = cluster.ServiceId;
            o.ClusterId = cluster.ClusterId;
        });
        // Bound to the advertised address only: the Orleans ports are for the cluster's network, never every interface.
        silo.ConfigureEndpoints(ResolveAdvertised(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.IAmAliveTablePublishTimeout = cluster.IAmAlivePeriod;
            o.NumMissedTableIAmAliveLimit = 2;
        });
    }

    /// <summary>An IP address, or a host name (containers know their name, not their address, before they start).</summary>
    private static IPAddress ResolveAdvertised(string address) =>
        IPAddress.TryParse(address, out var ip)
            ? ip
            : Dns.GetHostAddresses(address).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
              ?? throw new InvalidOperationException($"{SiloClusterOptions.Section}:AdvertisedAddress '{address}' does not resolve to an IPv4 address.");

    private static void AddFlagGrainsStorage(this ISiloBuilder silo, StorageOptions storage)
    {
        var invariant = storage.Provider == StorageProvider.PostgreSql ? AdoNetInvariants.PostgreSql : AdoNetInvariants.Sqlite;
        var connectionString = storage.ResolveConnectionString();

        // Orleans serializes only allow-listed exception types between silos. Without this, a grain's failed write on
        // another silo reaches the HTTP handler as a CodecNotFoundException (500) instead of a storage failure (503).
        silo.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        foreach (var name in new[] { ProviderNames.GrainStorage, ProviderNames.PubSubStore })
        {
            silo.AddAdoNetGrainStorage(name, o =>
            {
                o.Invariant = invariant;
                o.ConnectionString = connectionString;
            });
        }

        // Releases and scheduled changes wake through reminders; the table is ours (FlagGrains.Persistence migrations).
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
    }
}
