using FlagGrains.ClusterTls;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// Asks the cluster, as an Orleans client would, which silo hosts a grain (an environment's flag set, a release). The
/// kill tests kill exactly that silo, so "re-activates elsewhere from its persisted state" is tested every run, not by luck.
/// </summary>
public static class ActivationLocator
{
    private static readonly ClusterTlsOptions TlsOptions = new()
    {
        CertificatePath = InternalService.Tls["FlagGrains:Cluster:Tls:CertificatePath"],
        KeyPath = InternalService.Tls["FlagGrains:Cluster:Tls:KeyPath"],
        CaCertificatePath = InternalService.Tls["FlagGrains:Cluster:Tls:CaCertificatePath"],
    };

    /// <summary>The silo port of the flag-set grain's activation, or null when it has none.</summary>
    public static Task<int?> SiloPortOfAsync(SiloCluster cluster, EnvironmentName environment) =>
        SiloPortOfAsync(cluster, grains => grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(environment.Project, environment.Environment)));

    /// <summary>The silo port of the activation of the grain <paramref name="select"/> names, or null when it has none.</summary>
    public static async Task<int?> SiloPortOfAsync(SiloCluster cluster, Func<IGrainFactory, IAddressable> select) =>
        (await SiloPortsOfAsync(cluster, [select]))[0];

    /// <summary>The silo ports of several grains' activations, asked through one client.</summary>
    public static async Task<IReadOnlyList<int?>> SiloPortsOfAsync(SiloCluster cluster, IReadOnlyList<Func<IGrainFactory, IAddressable>> selects)
    {
        using var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                cluster.Membership.UseIn(client);
                // The silos accept only mutual TLS; a plain client's preamble is cut off ("Connection terminated prematurely").
                client.UseClusterTls(ClusterCertificates.Load(TlsOptions, asServer: false));
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ClusterId;
                    options.ServiceId = SiloSettings.ServiceId;
                });
            })
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .Build();
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IClusterClient>();
            var ports = new List<int?>();
            foreach (var select in selects)
            {
                var address = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(select(grains));
                ports.Add(address?.Endpoint.Port);
            }

            return ports;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
