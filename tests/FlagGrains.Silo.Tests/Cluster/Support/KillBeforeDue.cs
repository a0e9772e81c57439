using System.Globalization;
using System.Net;
using System.Text.Json;
using FlagGrains.Contracts.Releases;
using FlagGrains.Contracts.Schedules;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing;
using FlagGrains.Testing.Cluster;
using Xunit.Abstractions;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>What a kill before the due time did: when things happened, and where to look afterwards.</summary>
public sealed record KillBeforeDueOutcome(
    EnvironmentName ReleaseEnvironment, string ReleaseId, long ReleaseVersionBefore,
    EnvironmentName ChangeEnvironment, string ChangeId, long ChangeVersionBefore,
    int Survivor, DateTimeOffset Due, DateTimeOffset KilledAt, TimeSpan Eviction,
    DateTimeOffset ReleaseWrittenAt, DateTimeOffset ChangeWrittenAt,
    DateTimeOffset ReleaseServedAt, DateTimeOffset ChangeServedAt)
{
    /// <summary>The promise: after a kill before the due time, the change happens within the eviction time plus 1 s of it.</summary>
    public TimeSpan Allowed => Eviction + TimeSpan.FromSeconds(1);

    public TimeSpan ReleaseWriteDelay => ReleaseWrittenAt - Due;

    public TimeSpan ChangeWriteDelay => ChangeWrittenAt - Due;

    public TimeSpan ReleaseServeDelay => ReleaseServedAt - Due;

    public TimeSpan ChangeServeDelay => ChangeServedAt - Due;
}

/// <summary>
/// On a two-silo cluster: a release and a scheduled change fall due at the same time, both active on one silo, which is
/// killed (-9) shortly before. The other silo must make both happen; this records when its devices saw them.
/// </summary>
public static class KillBeforeDue
{
    /// <summary>Time to place, locate and watch everything before the due time; the kill comes shortly before it.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan KillAhead = TimeSpan.FromSeconds(1.5);

    public static async Task<KillBeforeDueOutcome> RunAsync(SiloCluster cluster, ITestOutputHelper output)
    {
        // Two environments, so each one's version tells exactly which automation wrote it.
        var admin = cluster.Admin(0);
        var (releaseEnv, releaseKey) = await NewEnvironmentAsync(admin);
        var (changeEnv, changeKey) = await NewEnvironmentAsync(admin);
        var due = DateTimeOffset.UtcNow + Lead;

        var release = await admin.CreateReleaseAsync(releaseEnv.Project, $$"""
            {"flag":"checkout","variant":"on","baseline":"off","startAt":"{{Time(due)}}","steps":[{"percent":20,"hold":"PT1H"},{"percent":100}]}
            """);
        var releaseId = release.GetProperty("id").GetString()!;
        var victimPort = await ActivationLocator.SiloPortOfAsync(cluster, grains => grains.GetGrain<IReleaseGrain>(releaseId));
        var victim = cluster.Silos.Single(s => s.SiloPort == victimPort);
        var survivor = cluster.Silos.ToList().FindIndex(s => s != victim && !s.HasExited);
        var changeId = await ScheduleChangeOnAsync(cluster, changeEnv, due, victim, output);
        output.WriteLine($"release {releaseId} and scheduled change {changeId} are active on {victim.Name}, due {Time(due)}; that silo is killed before");

        var survivorAdmin = cluster.Admin(survivor);
        var releaseBefore = await VersionAsync(survivorAdmin, releaseEnv);
        var changeBefore = await VersionAsync(survivorAdmin, changeEnv);
        await using var releaseServed = ServedAt.Start(cluster[survivor].Name, cluster.Ofrep(survivor, releaseKey));
        await using var changeServed = ServedAt.Start(cluster[survivor].Name, cluster.Ofrep(survivor, changeKey));

        var untilKill = due - KillAhead - DateTimeOffset.UtcNow;
        Assert.True(untilKill > TimeSpan.Zero, $"Setting up took too long: the due time is {-untilKill.TotalMilliseconds:0} ms too close to kill before it.");
        await Task.Delay(untilKill);
        var killedAt = DateTimeOffset.UtcNow;
        await victim.KillHardAsync();
        var declaredDead = Poll.UntilAsync($"{victim.Name} is Dead in the membership table", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(50),
            async () => await cluster.Membership.StatusOfAsync(cluster.ClusterId, victim) == SiloStatus.Dead);

        var releaseAt = await releaseServed.WaitAsync(releaseBefore + 1, TimeSpan.FromSeconds(60));
        var changeAt = await changeServed.WaitAsync(changeBefore + 1, TimeSpan.FromSeconds(60));

        // When the survivor wrote them, by its own account: the step's history and the change's end.
        var stepped = await survivorAdmin.WaitForAsync($"{AutomationRequests.Environment(releaseEnv.Project)}/releases/{releaseId}",
            r => r.GetProperty("history").GetArrayLength() > 0, "the release records its first step");
        var applied = await survivorAdmin.WaitForAsync($"{AutomationRequests.Environment(changeEnv.Project)}/scheduled-changes/{changeId}",
            c => c.GetProperty("status").GetString() != "scheduled", "the change records its outcome");
        var outcome = new KillBeforeDueOutcome(releaseEnv, releaseId, releaseBefore, changeEnv, changeId, changeBefore, survivor, due, killedAt, await declaredDead,
            stepped.GetProperty("history")[0].GetProperty("at").GetDateTimeOffset(), applied.GetProperty("endedAt").GetDateTimeOffset(), releaseAt, changeAt);

        var evicted = killedAt + outcome.Eviction;
        output.WriteLine($"{victim.Name} killed {(due - killedAt).TotalMilliseconds:0} ms before the due time and declared Dead {outcome.Eviction.TotalMilliseconds:0} ms after the kill");
        output.WriteLine($"{cluster[survivor].Name} wrote the release step {outcome.ReleaseWriteDelay.TotalMilliseconds:0} ms and the scheduled change {outcome.ChangeWriteDelay.TotalMilliseconds:0} ms after their due time " +
                         $"({(outcome.ReleaseWrittenAt - evicted).TotalMilliseconds:0} and {(outcome.ChangeWrittenAt - evicted).TotalMilliseconds:0} ms after the eviction)");
        output.WriteLine($"{cluster[survivor].Name} served them {outcome.ReleaseServeDelay.TotalMilliseconds:0} and {outcome.ChangeServeDelay.TotalMilliseconds:0} ms after their due time " +
                         $"({(releaseAt - evicted).TotalMilliseconds:0} and {(changeAt - evicted).TotalMilliseconds:0} ms after the eviction)");
        return outcome;
    }

    public static async Task<long> VersionAsync(HttpClient admin, EnvironmentName environment) =>
        EntityTagVersion.OfAdmin((await admin.GetAsync($"{AutomationRequests.Environment(environment.Project)}/flags")).Headers.ETag?.Tag);

    public static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static async Task<(EnvironmentName Environment, string Key)> NewEnvironmentAsync(HttpClient admin)
    {
        var environment = EnvironmentName.New();
        var key = await admin.CreateWithKeyAsync(environment.Project, environment.Environment, AutomationRequests.Checkout);
        return (environment, key);
    }

    /// <summary>
    /// Creates scheduled changes (through each silo in turn, <paramref name="silo"/>'s first: placement prefers the silo
    /// taking the request) until one is active on <paramref name="silo"/>, and cancels the others. Orleans' default
    /// placement weighs the silos' load as well, so on a busy box a batch can all land elsewhere (CI: 4 of 4 did): it
    /// keeps going, a batch at a time, up to <c>MaxBatches</c>.
    /// </summary>
    private static async Task<string> ScheduleChangeOnAsync(SiloCluster cluster, EnvironmentName environment, DateTimeOffset due, SiloProcess silo, ITestOutputHelper output)
    {
        const int Batch = 4;
        const int MaxBatches = 5;
        var own = cluster.Silos.ToList().IndexOf(silo);
        var others = Enumerable.Range(0, cluster.Silos.Count).Where(i => i != own && !cluster[i].HasExited).ToList();
        var ids = new List<string>();
        string? chosen = null;
        for (var batch = 0; batch < MaxBatches && chosen is null; batch++)
        {
            var created = new List<string>();
            for (var i = 0; i < Batch; i++)
            {
                var through = cluster.Admin(i % 2 == 0 ? own : others[i / 2 % others.Count]);
                var answer = await (await through.PostJsonAsync($"{AutomationRequests.Environment(environment.Project)}/scheduled-changes",
                    $$$$"""{"at":"{{{{Time(due)}}}}","flags":{"banner":{"state":"ENABLED","variants":{"red":"#d33","blue":"#33d"},"defaultVariant":"red"}}}""")).JsonAsync(HttpStatusCode.Created);
                created.Add(answer.GetProperty("id").GetString()!);
            }

            ids.AddRange(created);
            var ports = await ActivationLocator.SiloPortsOfAsync(cluster, created.Select(id => (Func<IGrainFactory, IAddressable>)(g => g.GetGrain<IScheduledChangeGrain>(id))).ToList());
            output.WriteLine($"scheduled changes placed on silo ports {string.Join(", ", ports)}; {silo.Name} is {silo.SiloPort}");
            chosen = created.Where((_, i) => ports[i] == silo.SiloPort).FirstOrDefault();
        }

        if (chosen is null) throw new InvalidOperationException($"None of {ids.Count} scheduled changes was placed on {silo.Name}.");
        var admin = cluster.Admin(own);
        foreach (var other in ids.Where(id => id != chosen))
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{AutomationRequests.Environment(environment.Project)}/scheduled-changes/{other}")).StatusCode);
        return chosen;
    }
}
