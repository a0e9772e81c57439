using FlagGrains.Testing.Components;
using Xunit.Abstractions;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// One 3-silo cluster with membership in an Azure table on Azurite, shared by the steps of one test class. The silos
/// reach the table service through a proxy the outage step cuts. Started by the first step that asks, not by xunit,
/// so a run where every step is skipped (no Azurite) starts nothing.
/// </summary>
public sealed class AzureClusterFixture : IAsyncLifetime
{
    public const int Silos = 3;

    private readonly Lock _gate = new();
    private Task<SiloCluster>? _starting;

    public TcpProxy? TableProxy { get; private set; }

    /// <summary>The shared cluster, its failure output now going to <paramref name="output"/> (the running step's).</summary>
    public async Task<SiloCluster> ClusterAsync(ITestOutputHelper output)
    {
        lock (_gate) _starting ??= StartAsync(output);
        var cluster = await _starting;
        cluster.Log = output.WriteLine;
        return cluster;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_starting is { IsCompletedSuccessfully: true } started) await started.Result.DisposeAsync();
        if (TableProxy is not null) await TableProxy.DisposeAsync();
    }

    private async Task<SiloCluster> StartAsync(ITestOutputHelper output)
    {
        TableProxy = await TcpProxy.StartAsync(AzuriteEndpoint.Host, AzuriteEndpoint.Port);
        return await SiloCluster.StartAsync(Silos, output, membership: new AzureTableMembership(TableProxy.Port));
    }
}
