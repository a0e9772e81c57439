using FlagGrains.Client.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlagGrains.Client.Tests.TestSupport;

/// <summary>A service host wired by AddFlagGrainsClient, as an internal service would be.</summary>
public sealed class ClientHost : IAsyncDisposable
{
    private ClientHost(IHost host) => Host = host;

    public IHost Host { get; }

    public IFlagGrainsClient Flags => Host.Services.GetRequiredService<IFlagGrainsClient>();

    public static async Task<ClientHost> StartAsync(
        int gatewayPort,
        string clusterId,
        Action<FlagGrainsClientOptions> configure,
        Action<IServiceCollection>? services = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.AddFlagGrainsClient(options =>
        {
            options.Cluster.GatewayPort = gatewayPort;
            options.Cluster.ClusterId = clusterId;
            options.CallTimeout = TimeSpan.FromSeconds(2);
            configure(options);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();

        // Start must not wait for the cluster; the bound only turns a regression into a failure instead of a hang.
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new ClientHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await Host.StopAsync(stopping.Token);
        Host.Dispose();
    }
}
