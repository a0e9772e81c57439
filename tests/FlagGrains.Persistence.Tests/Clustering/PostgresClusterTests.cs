using FlagGrains.Testing.Components;
using FlagGrains.Persistence.Tests.Grains;
using FlagGrains.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

using FlagGrains.Testing.Postgres;

namespace FlagGrains.Persistence.Tests.Clustering;

/// <summary>Real silos forming a cluster through our membership schema, and a client finding them.</summary>
public sealed class PostgresClusterTests
{
    private const int Active = 3;
    private const int Dead = 6;

    [ComponentFact(Component.PostgreSql)]
    public async Task Two_silos_join_through_the_membership_table_and_a_client_finds_them()
    {
        await using var schema = await PostgresSchema.CreateAsync();
        await new SchemaMigrator().MigrateAsync(DatabaseKind.PostgreSql, schema.ConnectionString);
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var hosts = new List<IHost>();
        try
        {
            var first = await TestSilo.StartClusteredAsync(schema.ConnectionString, clusterId);
            hosts.Add(first);
            var second = await TestSilo.StartClusteredAsync(schema.ConnectionString, clusterId);
            hosts.Add(second);

            var management = first.Grains().GetGrain<IManagementGrain>(0);
            await Eventually(async () => (await management.GetHosts(onlyActive: true)).Count == 2);
            Assert.Equal(2L, await CountSilosAsync(schema, clusterId, Active));

            var client = await TestSilo.StartClientAsync(schema.ConnectionString, clusterId);
            hosts.Add(client);
            var grain = client.Grains().GetGrain<IStateProbeGrain>(Guid.NewGuid().ToString("N"));
            await grain.SetValue("through-the-gateway");
            Assert.Equal("through-the-gateway", await second.Grains().GetGrain<IStateProbeGrain>(grain.GetPrimaryKeyString()).GetValue());

            // A graceful stop is a membership change too: the leaving silo must be able to mark itself dead.
            await second.StopAsync();
            await Eventually(async () => (await management.GetHosts(onlyActive: true)).Count == 1);
            Assert.Equal(1L, await CountSilosAsync(schema, clusterId, Dead));
        }
        finally
        {
            foreach (var host in Enumerable.Reverse(hosts))
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    private static Task<long> CountSilosAsync(PostgresSchema schema, string clusterId, int status) =>
        schema.ScalarAsync<long>(
            "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND Status = @status",
            ("cluster", clusterId),
            ("status", status));

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The cluster did not reach the expected membership within 60 s.");
            await Task.Delay(250);
        }
    }
}
