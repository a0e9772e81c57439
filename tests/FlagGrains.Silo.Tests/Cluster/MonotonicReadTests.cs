using FlagGrains.Testing.Components;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing.Cluster;
using FlagGrains.Silo.Tests.TestSupport;
using Xunit.Abstractions;

namespace FlagGrains.Silo.Tests.Cluster;

/// <summary>
/// docs/consistency.md, "Across silos behind a load balancer": a device that revalidates what it holds never moves
/// back to an older version, even when consecutive requests land on silos at different versions.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class MonotonicReadTests(ITestOutputHelper output)
{
    private const int Writes = 40;

    [ComponentFact(Component.PostgreSql)]
    public async Task A_device_alternating_between_silos_during_a_burst_of_writes_never_sees_an_older_version()
    {
        await using var cluster = await SiloCluster.StartAsync(2, output);
        await cluster.RunAsync(async () =>
        {
            var environment = EnvironmentName.New();
            await cluster.Admin(0).PutAcknowledgedAsync(environment, new("setup", 0));
            var key = await cluster.Admin(0).CreateKeyAsync(environment.Project, environment.Environment);
            var ofrep = cluster.Silos.Select((_, i) => cluster.Ofrep(i, key)).ToList();
            var (created, _) = await cluster.Admin(0).GetAsync(environment);
            await Task.WhenAll(ofrep.Select((o, i) => ServedVersion.WaitAsync(o, cluster[i].Name, created, TimeSpan.FromSeconds(10))));

            // The same requests without If-None-Match: what a device would see without the guard. Not asserted (the
            // race depends on timing), reported so a run shows the window the guard closes was really there.
            var device = new RoamingDevice(ofrep);
            var unguarded = new RoamingDevice(ofrep, revalidates: false);
            using var writing = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                try
                {
                    // Writes enter through alternating silos, so each silo is sometimes the first and sometimes the
                    // last to serve a version.
                    for (var write = 1; write <= Writes; write++)
                        await cluster.Admin(write % cluster.Silos.Count).PutAcknowledgedAsync(environment, new("burst", write));
                }
                finally
                {
                    await writing.CancelAsync();
                }
            });

            while (!writing.IsCancellationRequested)
            {
                await device.EvaluateAsync();
                await unguarded.EvaluateAsync();
            }

            await writer;
            var last = created + Writes;
            var regressions = device.Regressions();
            Assert.True(regressions.Count == 0,
                $"The revalidating device moved back {regressions.Count} times, e.g. {string.Join("; ", regressions.Take(5).Select(r => $"{r.Before} then {r.After}"))}");
            var versions = device.Answers.Where(a => a.Answered is not null).Select(a => a.Answered!.Value).Distinct().Count();
            Assert.True(versions > 2, $"The device saw only {versions} versions during {Writes} writes: the burst did not overlap its reads.");

            // Once the writes are over, the guard must not hold the device back: both silos reach the last version.
            await Task.WhenAll(ofrep.Select((o, i) => ServedVersion.WaitAsync(o, cluster[i].Name, last, TimeSpan.FromSeconds(10))));
            output.WriteLine($"revalidating device: {device.Answers.Count} requests, {device.Answers.Count(a => a.Answered is null)} answered 304, {versions} distinct versions, 0 regressions");
            output.WriteLine($"same requests without If-None-Match: {unguarded.Regressions().Count} regressions");
        });
    }
}
