using FlagGrains.Testing;
using FlagGrains.Client;
using FlagGrains.Client.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>A service host wired by the FlagGrains client library from configuration alone, as an operator deploys one.</summary>
public static class InternalService
{
    /// <summary>
    /// Starts a host that evaluates <paramref name="environment"/>, configured with <paramref name="cluster"/> (the
    /// silos' own <c>FlagGrains:Cluster</c> keys). Start does not wait for the cluster; the bound turns a regression
    /// into a failure instead of a hang.
    /// </summary>
    /// <summary>Internal services join the cluster with a client certificate of the cluster's authority, as the silos require.</summary>
    public static IReadOnlyDictionary<string, string> Tls { get; } = TestCertificates.Shared.Settings(TestCertificates.Shared.Issue("internal-service", server: false));

    public static async Task<IHost> StartAsync(EnvironmentName environment, IReadOnlyDictionary<string, string?> cluster)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(Tls.ToDictionary(kv => kv.Key, kv => (string?)kv.Value));
        builder.Configuration.AddInMemoryCollection(cluster);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FlagGrains:Client:Environments:0"] = environment.GrainKey,
            ["FlagGrains:Client:VersionCheckInterval"] = "00:00:00.500",
        });
        builder.AddFlagGrainsClient();
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return host;
    }

    public static Client.Evaluation.IFlagEvaluator Flags(this IHost host, EnvironmentName environment) =>
        host.Services.GetRequiredService<IFlagGrainsClient>().GetEvaluator(environment.Project, environment.Environment);
}
