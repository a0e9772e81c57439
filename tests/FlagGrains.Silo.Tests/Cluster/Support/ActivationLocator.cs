using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// Asks the cluster, as an Orleans client would, which silo hosts an environment's flag-set grain. The kill test
/// kills exactly that silo, so "re-activates elsewhere from its persisted state" is tested every run, not by luck.
/// </summary>
public static class ActivationLocator
{
    /// <summary>The silo port of the flag-set grain's activation, or null when it has none.</summary>
    public static async Task<int?> SiloPortOfAsync(SiloCluster cluster, EnvironmentName environment)
    {
        using var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                cluster.Membership.UseIn(client);
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
            var flagSet = grains.GetGrain<IEnvironmentGrain>(GrainKeys.Environment(environment.Project, environment.Environment));
            var address = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(flagSet);
            return address?.Endpoint.Port;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
