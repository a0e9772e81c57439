using System.Diagnostics;
using FlagGrains.Silo.Tests.TestSupport;
using Xunit.Abstractions;
using FlagGrains.Testing.Cluster;
using FlagGrains.Testing;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// kill -9 of the silo that hosts an environment's flag-set grain, whatever the membership back end: the survivors
/// keep answering every evaluation, the membership table declares the silo Dead, and writes resume with nothing
/// acknowledged lost.
/// </summary>
public static class SiloKillScenario
{
    private const int WritesBeforeKill = 5;

    /// <summary>The product's promise for failure detection with the tuned membership (ProbeTimeout 2 s).</summary>
    private static readonly TimeSpan DeclaredDeadWithin = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(SiloCluster cluster, ITestOutputHelper output)
    {
        var environment = EnvironmentName.New();
        await cluster.Admin(0).PutAcknowledgedAsync(environment, new("setup", 0));
        var key = await cluster.Admin(0).CreateKeyAsync(environment.Project, environment.Environment);

        // Kill the silo that holds the flag-set grain: the hardest case, since the grain must come back elsewhere.
        var hostPort = await ActivationLocator.SiloPortOfAsync(cluster, environment);
        var victim = cluster.Silos.Single(s => s.SiloPort == hostPort);
        var survivors = Enumerable.Range(0, cluster.Silos.Count).Where(i => cluster[i] != victim).ToArray();
        output.WriteLine($"flag-set grain of {environment} is active on {victim.Name}; that silo is killed");

        // Acknowledged writes right up to the kill, through a survivor.
        var writer = cluster.Admin(survivors[0]);
        var (lastAcknowledged, lastDocument) = (0L, default(CountedDocument));
        for (var i = 1; i <= WritesBeforeKill; i++)
        {
            lastDocument = new CountedDocument("before-kill", i);
            lastAcknowledged = await writer.PutAcknowledgedAsync(environment, lastDocument);
        }

        // Set-up, not the promise under test (propagation has its own Slo tests): a cluster that just came through the
        // table-outage test may need a version check or two, so the bound is generous.
        foreach (var s in survivors) await ServedVersion.WaitAsync(cluster.Ofrep(s, key), cluster[s].Name, lastAcknowledged, TimeSpan.FromSeconds(20));
        var loops = survivors.Select(s => EvaluationLoop.Start(cluster[s].Name, cluster.Ofrep(s, key))).ToList();
        await Poll.UntilAsync("evaluation loops run", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20), () => Task.FromResult(loops.All(l => l.Total >= 20)));

        var sinceKill = Stopwatch.StartNew();
        await victim.KillHardAsync();
        output.WriteLine($"{victim.Name} killed (-9) after write version {lastAcknowledged}");

        var declaredDead = Poll.UntilAsync($"{victim.Name} is Dead in the membership table", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50),
            async () => await cluster.Membership.StatusOfAsync(cluster.ClusterId, victim) == SiloStatus.Dead);

        // Nothing acknowledged may be missing from storage, before anything new is written.
        Assert.Equal((lastAcknowledged, lastDocument), await StoredEnvironment.ReadAsync(cluster.Schema, environment));

        var afterKill = new CountedDocument("after-kill", 1);
        var (acknowledged, refused, _) = await cluster.Admin(survivors[1])
            .PutUntilAcknowledgedAsync(environment, afterKill, "while the cluster evicts a killed silo", TimeSpan.FromSeconds(60));
        var writeOutage = sinceKill.Elapsed;
        Assert.Equal(lastAcknowledged + 1, acknowledged.Version);
        Assert.Equal((lastAcknowledged + 1, afterKill), await cluster.Admin(survivors[0]).GetAsync(environment));
        Assert.Equal((lastAcknowledged + 1, afterKill), await StoredEnvironment.ReadAsync(cluster.Schema, environment));

        var served = new List<TimeSpan>();
        foreach (var s in survivors)
        {
            await ServedVersion.WaitAsync(cluster.Ofrep(s, key), cluster[s].Name, lastAcknowledged + 1, TimeSpan.FromSeconds(10));
            served.Add(sinceKill.Elapsed);
        }

        var deadAfter = await declaredDead;
        foreach (var loop in loops) await loop.StopAsync();

        output.WriteLine($"declared Dead in the membership table {deadAfter.TotalMilliseconds:0} ms after the kill");
        output.WriteLine($"first acknowledged write after the kill: {writeOutage.TotalMilliseconds:0} ms after the kill, version {acknowledged.Version}; " +
                         $"refused before it: [{string.Join(", ", refused.Select(a => $"{(int)a.Status} in {a.Latency.TotalMilliseconds:0} ms"))}]");
        output.WriteLine($"survivors served the post-kill write {served.Max().TotalMilliseconds:0} ms after the kill");
        foreach (var loop in loops) output.WriteLine($"evaluations on {loop}");

        Assert.All(loops, loop => Assert.True(loop.Failed == 0, $"{loop.Silo} failed {loop.Failed} evaluations: {string.Join("; ", loop.Failures.Take(5))}"));
        Assert.All(loops, loop => Assert.Equal(0, loop.Regressions));
        Assert.True(deadAfter <= DeclaredDeadWithin, $"The killed silo was declared Dead after {deadAfter.TotalSeconds:0.0} s; the promise is {DeclaredDeadWithin.TotalSeconds:0} s.");
    }
}
