using FlagGrains.Testing.Cluster;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing.Components;
using Xunit.Abstractions;

namespace FlagGrains.Silo.Tests.Cluster;

/// <summary>
/// The mobile SDK stops for good on a 401, so a key must work on every silo the moment its creation is acknowledged,
/// even on a silo whose snapshot of the environment is a version behind.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class FreshKeyTests(ITestOutputHelper output)
{
    private const int Keys = 25;

    [ComponentFact(Component.PostgreSql)]
    public async Task A_key_created_through_one_silo_works_at_once_on_the_other()
    {
        await using var cluster = await SiloCluster.StartAsync(2, output);
        await cluster.RunAsync(async () =>
        {
            var environment = EnvironmentName.New();
            await cluster.Admin(0).PutAcknowledgedAsync(environment, new("setup", 0));

            // Silo 2 serves the environment already: a fresh key is newer than the snapshot it holds.
            var first = await cluster.Admin(0).CreateKeyAsync(environment.Project, environment.Environment);
            Assert.True((await cluster.Ofrep(1, first).EvaluateBulkAsync()).Ok);

            var refused = new List<string>();
            for (var i = 0; i < Keys; i++)
            {
                var key = await cluster.Admin(0).CreateKeyAsync(environment.Project, environment.Environment);
                var answer = await cluster.Ofrep(1, key).EvaluateBulkAsync();
                if (!answer.Ok) refused.Add(answer.ToString());
            }

            Assert.Empty(refused);
        });
    }
}
