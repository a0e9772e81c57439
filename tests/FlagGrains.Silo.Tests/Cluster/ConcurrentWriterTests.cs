using FlagGrains.Testing.Components;
using System.Collections.Concurrent;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing.Cluster;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing.Postgres;
using Xunit.Abstractions;

namespace FlagGrains.Silo.Tests.Cluster;

[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ConcurrentWriterTests(ITestOutputHelper output)
{
    private const int WritesPerWriter = 25;

    [ComponentFact(Component.PostgreSql)]
    public async Task Concurrent_writers_through_different_silos_get_distinct_ordered_versions_and_the_last_acknowledged_write_is_stored()
    {
        await using var cluster = await SiloCluster.StartAsync(2, output);
        await cluster.RunAsync(async () =>
        {
            var environment = EnvironmentName.New();
            await cluster.Admin(0).PutAcknowledgedAsync(environment, new("setup", 0));
            var (initial, _) = await cluster.Admin(0).GetAsync(environment);

            // A reader alongside the writers: every (version, document) pair it sees must be one a writer was told.
            var observed = new ConcurrentBag<(long Version, CountedDocument Document)>();
            using var stopReading = new CancellationTokenSource();
            var reader = Task.Run(async () =>
            {
                var admin = cluster.Admin(1);
                while (!stopReading.IsCancellationRequested) observed.Add(await admin.GetAsync(environment));
            });

            var writers = new[] { "A", "B" }.Select((name, silo) => Task.Run(async () =>
            {
                var admin = cluster.Admin(silo);
                var attempts = new List<(CountedDocument Document, WriteAttempt Attempt)>();
                for (var seq = 1; seq <= WritesPerWriter; seq++)
                {
                    var document = new CountedDocument(name, seq);
                    attempts.Add((document, await admin.PutAsync(environment, document)));
                }

                return attempts;
            })).ToList();
            var results = (await Task.WhenAll(writers)).SelectMany(w => w).ToList();
            await stopReading.CancelAsync();
            await reader;

            var failed = results.Where(r => !r.Attempt.Acknowledged).ToList();
            Assert.True(failed.Count == 0, $"{failed.Count} concurrent writes were not acknowledged: {string.Join("; ", failed.Take(5).Select(f => $"{f.Document}: {f.Attempt}"))}");
            var acknowledged = results.ToDictionary(r => r.Attempt.Version!.Value, r => r.Document);
            Assert.Equal(results.Count, acknowledged.Count);
            foreach (var writer in results.GroupBy(r => r.Document.Writer))
            {
                var versions = writer.Select(r => r.Attempt.Version!.Value).ToList();
                Assert.True(versions.Zip(versions.Skip(1)).All(p => p.First < p.Second), $"Writer {writer.Key} got versions out of order: {string.Join(", ", versions)}");
            }

            var last = acknowledged.Keys.Max();
            Assert.Equal(initial + results.Count, last);
            Assert.Equal((last, acknowledged[last]), await cluster.Admin(0).GetAsync(environment));
            Assert.Equal((last, acknowledged[last]), await StoredEnvironment.ReadAsync(cluster.Schema, environment));
            var foreign = observed.Where(o => o.Version > initial && acknowledged.GetValueOrDefault(o.Version) != o.Document).ToList();
            Assert.True(foreign.Count == 0, $"A reader saw documents under versions no writer was given: {string.Join("; ", foreign.Take(5))}");

            var order = acknowledged.OrderBy(a => a.Key).Select(a => a.Value.Writer).ToList();
            output.WriteLine($"{results.Count} concurrent writes acknowledged as versions {initial + 1}..{last}; writer changed {order.Zip(order.Skip(1)).Count(p => p.First != p.Second)} times in version order");
            output.WriteLine($"write latency: {new Latencies(results.Select(r => r.Attempt.Latency))}");
            output.WriteLine($"reader: {observed.Count} reads, {observed.Select(o => o.Version).Distinct().Count()} distinct versions, all matching an acknowledged write");
        });
    }
}
