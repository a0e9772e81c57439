using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing.Components;
using Xunit.Abstractions;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Cluster;

[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class SiloKillTests(ITestOutputHelper output)
{
    [ComponentFact(Component.PostgreSql)]
    public async Task Killed_silo_costs_no_failed_evaluation_and_loses_no_acknowledged_write()
    {
        await using var cluster = await SiloCluster.StartAsync(3, output);
        await cluster.RunAsync(() => SiloKillScenario.RunAsync(cluster, output));
    }
}
