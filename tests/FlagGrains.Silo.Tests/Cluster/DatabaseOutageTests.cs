using FlagGrains.Testing.Components;
using System.Diagnostics;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing.Cluster;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing.Postgres;
using Npgsql;
using Xunit.Abstractions;
using FlagGrains.Testing;

namespace FlagGrains.Silo.Tests.Cluster;

[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    /// <summary>How often an admin tries to write during the outage.</summary>
    private static readonly TimeSpan WriteAttemptPace = TimeSpan.FromSeconds(1);

    [ComponentFact(Component.PostgreSql)]
    public async Task Database_outage_keeps_evaluations_served_and_refuses_writes_with_503_until_it_returns()
    {
        // The silos reach PostgreSQL only through the proxy, so cutting it takes the database away from them alone.
        var server = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString);
        await using var proxy = await TcpProxy.StartAsync(server.Host!, server.Port);
        await using var cluster = await SiloCluster.StartAsync(2, output,
            connectionString => new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString);
        await cluster.RunAsync(async () =>
        {
            Assert.True(proxy.Accepted > 0, "The silos did not connect through the proxy.");
            var environment = EnvironmentName.New();
            await cluster.Admin(0).PutAcknowledgedAsync(environment, new("setup", 0));
            var key = await cluster.Admin(0).CreateKeyAsync(environment.Project, environment.Environment);
            var (lastAcknowledged, lastDocument) = (0L, default(CountedDocument));
            for (var i = 1; i <= 3; i++)
            {
                lastDocument = new CountedDocument("before-outage", i);
                lastAcknowledged = await cluster.Admin(i % 2).PutAcknowledgedAsync(environment, lastDocument);
            }

            for (var s = 0; s < 2; s++) await ServedVersion.WaitAsync(cluster.Ofrep(s, key), cluster[s].Name, lastAcknowledged, TimeSpan.FromSeconds(5));
            var loops = Enumerable.Range(0, 2).Select(s => EvaluationLoop.Start(cluster[s].Name, cluster.Ofrep(s, key))).ToList();
            await Poll.UntilAsync("evaluation loops run", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20), () => Task.FromResult(loops.All(l => l.Total >= 20)));

            proxy.Cut();
            var outage = Stopwatch.StartNew();
            var refusedDuringOutage = new List<WriteAttempt>();
            using (var pace = new PeriodicTimer(WriteAttemptPace))
            {
                for (var attempt = 1; outage.Elapsed < Outage; attempt++)
                {
                    var refused = await cluster.Admin(attempt % 2).PutAsync(environment, new("during-outage", attempt));
                    refusedDuringOutage.Add(refused);
                    UnavailableWrites.AssertRefusedAsUnavailable(refused, $"{outage.Elapsed.TotalSeconds:0.0} s into the database outage (through silo{attempt % 2 + 1})");
                    await pace.WaitForNextTickAsync();
                }
            }

            proxy.Restore();
            var sinceRestore = Stopwatch.StartNew();
            var afterOutage = new CountedDocument("after-outage", 1);
            var (acknowledged, refusedAfter, _) = await cluster.Admin(0)
                .PutUntilAcknowledgedAsync(environment, afterOutage, "after the database came back", TimeSpan.FromSeconds(60));
            var writableAgain = sinceRestore.Elapsed;

            Assert.Equal(lastAcknowledged + 1, acknowledged.Version);
            Assert.Equal((lastAcknowledged + 1, afterOutage), await cluster.Admin(1).GetAsync(environment));
            Assert.Equal((lastAcknowledged + 1, afterOutage), await StoredEnvironment.ReadAsync(cluster.Schema, environment));
            for (var s = 0; s < 2; s++) await ServedVersion.WaitAsync(cluster.Ofrep(s, key), cluster[s].Name, lastAcknowledged + 1, TimeSpan.FromSeconds(10));
            foreach (var loop in loops) await loop.StopAsync();

            output.WriteLine($"database cut for {outage.Elapsed.TotalSeconds:0.0} s: {refusedDuringOutage.Count} writes, all 503 + Retry-After, latency {new Latencies(refusedDuringOutage.Select(a => a.Latency))}");
            output.WriteLine($"first acknowledged write {writableAgain.TotalMilliseconds:0} ms after the database returned (version {acknowledged.Version}, {refusedAfter.Count} refused before it)");
            foreach (var loop in loops) output.WriteLine($"evaluations on {loop}");

            Assert.All(cluster.Silos, silo => Assert.False(silo.HasExited, $"{silo.Name} exited: the outage must not need a restart."));
            Assert.All(loops, loop => Assert.True(loop.Failed == 0, $"{loop.Silo} failed {loop.Failed} evaluations: {string.Join("; ", loop.Failures.Take(5))}"));
            Assert.All(loops, loop => Assert.Equal(0, loop.Regressions));
        });
    }
}
