using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace FlagGrains.Persistence.Tests.Grains;

/// <summary>Real in-process silos and clients wired to our schema.</summary>
internal static class TestSilo
{
    public const string StorageName = "store";

    /// <summary>Same database, but clearing deletes the row (exercises DeleteStorageKey).</summary>
    public const string DeletingStorageName = "store-delete";

    /// <summary>A single silo on localhost clustering with ADO.NET grain storage.</summary>
    public static Task<IHost> StartWithStorageAsync(string invariant, string connectionString, string serviceId) =>
        StartAsync(silo => silo
            .UseLocalhostClustering(FreePortNext(), FreePortNext(), serviceId: serviceId, clusterId: serviceId)
            .AddStorage(invariant, connectionString));

    /// <summary>A single silo on localhost clustering whose reminders live in our reminder table.</summary>
    public static Task<IHost> StartWithRemindersAsync(string invariant, string connectionString, string serviceId) =>
        StartAsync(silo => silo
            .UseLocalhostClustering(FreePortNext(), FreePortNext(), serviceId: serviceId, clusterId: serviceId)
            .UseAdoNetReminderService(options =>
            {
                options.Invariant = invariant;
                options.ConnectionString = connectionString;
            }));

    /// <summary>A silo that finds its peers through the ADO.NET membership table.</summary>
    public static Task<IHost> StartClusteredAsync(string connectionString, string clusterId) =>
        StartAsync(silo => silo
            .UseAdoNetClustering(options =>
            {
                options.Invariant = AdoNetInvariants.PostgreSql;
                options.ConnectionString = connectionString;
            })
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = clusterId;
            })
            .ConfigureEndpoints(IPAddress.Loopback, FreePortNext(), FreePortNext())
            .AddStorage(AdoNetInvariants.PostgreSql, connectionString));

    /// <summary>A client that discovers gateways through the ADO.NET membership table.</summary>
    public static async Task<IHost> StartClientAsync(string connectionString, string clusterId)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client => client
                .UseAdoNetClustering(options =>
                {
                    options.Invariant = AdoNetInvariants.PostgreSql;
                    options.ConnectionString = connectionString;
                })
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = clusterId;
                    options.ServiceId = clusterId;
                }))
            .ConfigureLogging(QuietLogging)
            .Build();
        await host.StartAsync();
        return host;
    }

    public static IGrainFactory Grains(this IHost host) => host.Services.GetRequiredService<IGrainFactory>();

    private static ISiloBuilder AddStorage(this ISiloBuilder silo, string invariant, string connectionString) => silo
        .AddAdoNetGrainStorage(StorageName, options =>
        {
            options.Invariant = invariant;
            options.ConnectionString = connectionString;
        })
        .AddAdoNetGrainStorage(DeletingStorageName, options =>
        {
            options.Invariant = invariant;
            options.ConnectionString = connectionString;
            options.DeleteStateOnClear = true;
        });

    private static async Task<IHost> StartAsync(Action<ISiloBuilder> configure)
    {
        var host = new HostBuilder()
            .UseOrleans(configure)
            .ConfigureLogging(QuietLogging)
            .Build();
        await host.StartAsync();
        return host;
    }

    // Failures surface as exceptions in the tests; silo chatter would only bury them.
    private static void QuietLogging(ILoggingBuilder logging) => logging.ClearProviders();

    private static int FreePortNext() => Infrastructure.FreePort.Next();
}
