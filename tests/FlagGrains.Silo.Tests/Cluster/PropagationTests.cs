using FlagGrains.Testing.Components;
using System.Diagnostics;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing.Cluster;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing.Postgres;
using Xunit.Abstractions;
using FlagGrains.Testing;

namespace FlagGrains.Silo.Tests.Cluster;

[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class PropagationTests(ITestOutputHelper output)
{
    private const int Writes = 20;

    /// <summary>The gateways' periodic version check (2 s) bounds propagation even if every stream bump is lost.</summary>
    private static readonly TimeSpan ServedWithin = TimeSpan.FromSeconds(5);

    [ComponentFact(Component.PostgreSql)]
    public async Task Write_acknowledged_on_one_silo_is_served_by_every_silo_gateway()
    {
        await using var cluster = await SiloCluster.StartAsync(3, output);
        await cluster.RunAsync(async () =>
        {
            var environment = EnvironmentName.New();
            await cluster.Admin(0).PutAcknowledgedAsync(environment, new("setup", 0));
            var key = await cluster.Admin(0).CreateKeyAsync(environment.Project, environment.Environment);
            var (created, _) = await cluster.Admin(0).GetAsync(environment);
            var devices = cluster.Silos.Select((_, i) => cluster.Ofrep(i, key)).ToList();

            // Every silo gives a device the same answer and so the same ETag: a device switching silos keeps its 304s.
            // Polled briefly, because an answer may legitimately change between two requests (e.g. a credential window).
            var etags = new List<string?>();
            await Poll.UntilAsync(() => $"every silo answers version {created} with one ETag (last seen: {string.Join(", ", etags)})", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50), async () =>
            {
                var answers = await Task.WhenAll(devices.Select(d => d.EvaluateBulkAsync()));
                Assert.All(answers, answer => Assert.True(answer.Ok && answer.Version == created, $"First evaluation answered {answer}, expected 200 at version {created}."));
                etags = answers.Select(a => a.ETag).ToList();
                return etags.Distinct().Count() == 1;
            });

            var toEverySilo = new List<TimeSpan>();
            var acknowledgement = new List<TimeSpan>();
            for (var write = 1; write <= Writes; write++)
            {
                // Each write enters through another silo, so the flag-set grain is local for some and remote for others.
                var through = write % cluster.Silos.Count;
                var sent = Stopwatch.StartNew();
                var version = await cluster.Admin(through).PutAcknowledgedAsync(environment, new(cluster[through].Name, write));
                acknowledgement.Add(sent.Elapsed);
                Assert.Equal(created + write, version);

                var acknowledged = Stopwatch.StartNew();
                await Task.WhenAll(devices.Select((device, silo) => ServedVersion.WaitAsync(device, cluster[silo].Name, version, ServedWithin)));
                toEverySilo.Add(acknowledged.Elapsed);
            }

            output.WriteLine($"PUT acknowledged: {new Latencies(acknowledgement)}");
            output.WriteLine($"acknowledged -> served by all {cluster.Silos.Count} silos: {new Latencies(toEverySilo)} (polled every 5 ms)");
        });
    }
}
