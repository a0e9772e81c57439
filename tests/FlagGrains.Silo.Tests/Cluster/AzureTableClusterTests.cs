using System.Diagnostics;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing.Components;
using FlagGrains.Domain.Evaluation;
using Xunit.Abstractions;
using FlagGrains.Testing.Cluster;
using FlagGrains.Testing;

namespace FlagGrains.Silo.Tests.Cluster;

/// <summary>
/// Silo processes whose membership is an Azure table on Azurite (grain state in PostgreSQL, as in production). The
/// steps share one cluster and run in order: the table outage adds a silo, the kill removes one.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
[TestCaseOrderer(StepOrderer.TypeName, StepOrderer.AssemblyName)]
public sealed class AzureTableClusterTests(AzureClusterFixture fixture, ITestOutputHelper output) : IClassFixture<AzureClusterFixture>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);

    [ComponentFact(Component.Azurite, Component.PostgreSql)]
    [Step(1)]
    public async Task Three_silos_form_one_cluster_through_the_azure_table_and_serve_ofrep()
    {
        var cluster = await fixture.ClusterAsync(output);
        await cluster.RunAsync(async () =>
        {
            Assert.True(fixture.TableProxy!.Accepted > 0, "The silos did not reach the table service through the proxy.");
            foreach (var silo in cluster.Silos)
                Assert.Equal(SiloStatus.Active, await cluster.Membership.StatusOfAsync(cluster.ClusterId, silo));

            // A write through one silo reaches the flag-set grain wherever it lives, and every silo serves it.
            var environment = EnvironmentName.New();
            var version = await cluster.Admin(0).PutAcknowledgedAsync(environment, new("setup", 1));
            var key = await cluster.Admin(1).CreateKeyAsync(environment.Project, environment.Environment);
            for (var s = 0; s < cluster.Silos.Count; s++)
                output.WriteLine($"{cluster[s].Name} served version {version} after {(await ServedVersion.WaitAsync(cluster.Ofrep(s, key), cluster[s].Name, version, TimeSpan.FromSeconds(10))).TotalMilliseconds:0} ms");
        });
    }

    [ComponentFact(Component.Azurite, Component.PostgreSql)]
    [Step(2)]
    public async Task The_client_library_finds_its_gateways_through_the_azure_table()
    {
        var cluster = await fixture.ClusterAsync(output);
        await cluster.RunAsync(async () =>
        {
            var environment = EnvironmentName.New();
            var first = await cluster.Admin(0).PutAcknowledgedAsync(environment, new("setup", 1));

            // The service is given what a silo is given (mode, ids, table), and no gateway address.
            var started = Stopwatch.StartNew();
            using var service = await InternalService.StartAsync(environment, new Dictionary<string, string?>
            {
                ["FlagGrains:Cluster:Mode"] = "AzureStorage",
                ["FlagGrains:Cluster:ServiceId"] = SiloSettings.ServiceId,
                ["FlagGrains:Cluster:ClusterId"] = cluster.ClusterId,
                ["FlagGrains:Cluster:AzureStorage:ConnectionString"] = AzuriteEndpoint.ConnectionString(),
            });
            try
            {
                var flags = service.Flags(environment);
                await flags.WaitForReadyAsync().WaitAsync(TimeSpan.FromSeconds(30));
                output.WriteLine($"client ready {started.ElapsedMilliseconds} ms after start, at version {flags.Version}");
                Assert.Equal(first, flags.Version);
                var details = flags.GetBooleanDetails("checkout", defaultValue: false, EvaluationContext.FromValues("u1", new Dictionary<string, object?>()));
                Assert.Null(details.ErrorCode);

                var second = await cluster.Admin(2).PutAcknowledgedAsync(environment, new("update", 2));
                await Poll.UntilAsync($"the client evaluates version {second}", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20), () => Task.FromResult(flags.Version == second));
            }
            finally
            {
                await service.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(15));
            }
        });
    }

    [ComponentFact(Component.Azurite, Component.PostgreSql)]
    [Step(3)]
    public async Task Table_service_outage_keeps_evaluations_and_writes_served_and_a_joining_silo_waits_until_it_returns()
    {
        var cluster = await fixture.ClusterAsync(output);
        var proxy = fixture.TableProxy!;
        await cluster.RunAsync(async () =>
        {
            var environment = EnvironmentName.New();
            var version = await cluster.Admin(0).PutAcknowledgedAsync(environment, new("before-outage", 1));
            var key = await cluster.Admin(0).CreateKeyAsync(environment.Project, environment.Environment);
            var members = cluster.Silos.ToList();
            for (var s = 0; s < members.Count; s++) await ServedVersion.WaitAsync(cluster.Ofrep(s, key), members[s].Name, version, TimeSpan.FromSeconds(10));
            var loops = members.Select((silo, s) => EvaluationLoop.Start(silo.Name, cluster.Ofrep(s, key))).ToList();
            await Poll.UntilAsync("evaluation loops run", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20), () => Task.FromResult(loops.All(l => l.Total >= 20)));

            proxy.Cut();
            var outage = Stopwatch.StartNew();
            var joining = cluster.StartAnother();
            output.WriteLine($"table service cut; {joining.Name} started");

            // Grain state is in PostgreSQL, not in the table: writes go on, and every silo serves them.
            var writes = new List<WriteAttempt>();
            for (var i = 1; outage.Elapsed < Outage; i++)
            {
                var attempt = await cluster.Admin(i % members.Count).PutAsync(environment, new("during-outage", i));
                writes.Add(attempt);
                Assert.True(attempt.Acknowledged, $"{outage.Elapsed.TotalSeconds:0.0} s into the table outage a write was refused: {attempt}");
                version = attempt.Version!.Value;
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            for (var s = 0; s < members.Count; s++) await ServedVersion.WaitAsync(cluster.Ofrep(s, key), members[s].Name, version, TimeSpan.FromSeconds(10));

            // The membership change waits: the new silo cannot register while the table is away.
            Assert.False(joining.HasExited, $"{joining.Name} gave up during a {Outage.TotalSeconds:0} s outage.\n{joining.LogTail()}");
            Assert.NotEqual(SiloStatus.Active, await cluster.Membership.StatusOfAsync(cluster.ClusterId, joining));
            var cut = outage.Elapsed;

            proxy.Restore();
            var sinceRestore = Stopwatch.StartNew();
            var registered = await Poll.UntilAsync($"{joining.Name} has a row in the membership table", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100),
                async () => await cluster.Membership.StatusOfAsync(cluster.ClusterId, joining) != SiloStatus.None);
            await joining.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            var joined = sinceRestore.Elapsed;
            Assert.Equal(SiloStatus.Active, await cluster.Membership.StatusOfAsync(cluster.ClusterId, joining));
            await ServedVersion.WaitAsync(cluster.Ofrep(cluster.Silos.Count - 1, key), joining.Name, version, TimeSpan.FromSeconds(10));
            foreach (var loop in loops) await loop.StopAsync();

            output.WriteLine($"table service cut for {cut.TotalSeconds:0.0} s: {writes.Count} writes, all acknowledged, latency {new Latencies(writes.Select(w => w.Latency))}");
            output.WriteLine($"{joining.Name} registered in the table {registered.TotalMilliseconds:0} ms and was ready {joined.TotalMilliseconds:0} ms after the table service returned");
            foreach (var loop in loops) output.WriteLine($"evaluations on {loop}");

            Assert.All(members, silo => Assert.False(silo.HasExited, $"{silo.Name} exited during the table outage."));
            foreach (var silo in members) Assert.Equal(SiloStatus.Active, await cluster.Membership.StatusOfAsync(cluster.ClusterId, silo));
            Assert.All(loops, loop => Assert.True(loop.Failed == 0, $"{loop.Silo} failed {loop.Failed} evaluations: {string.Join("; ", loop.Failures.Take(5))}"));
            Assert.All(loops, loop => Assert.Equal(0, loop.Regressions));
        });
    }

    [ComponentFact(Component.Azurite, Component.PostgreSql)]
    [Step(4)]
    public async Task Killed_silo_costs_no_failed_evaluation_and_loses_no_acknowledged_write()
    {
        var cluster = await fixture.ClusterAsync(output);
        await cluster.RunAsync(() => SiloKillScenario.RunAsync(cluster, output));
    }
}
