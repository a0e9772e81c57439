using FlagGrains.Testing.Cluster;
using System.Globalization;
using System.Net;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing.Components;
using Xunit.Abstractions;

namespace FlagGrains.Silo.Tests.Cluster;

/// <summary>
/// The timing promises in real time, so they run with the service-level tests: each release step and a scheduled
/// change reach every silo's devices within 1 s of their due time; after the silo holding them is killed shortly before
/// the due time, within the membership's eviction time plus 1 s.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slo")]
public sealed class ReleaseTimingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(2);

    /// <summary>The gateways' version check (FlagGrains:Gateway:VersionCheckInterval, default).</summary>
    private static readonly TimeSpan VersionCheck = TimeSpan.FromSeconds(2);

    [ComponentFact(Component.PostgreSql)]
    public async Task Every_step_and_a_scheduled_change_are_served_by_every_silo_within_1_s_of_their_due_time()
    {
        await using var cluster = await SiloCluster.StartAsync(2, output);
        await cluster.RunAsync(async () =>
        {
            var admin = cluster.Admin(0);
            var releaseProject = Environments.NewProject();
            var changeProject = Environments.NewProject();
            var releaseKey = await admin.CreateWithKeyAsync(releaseProject, "prod", AutomationRequests.Checkout);
            var changeKey = await admin.CreateWithKeyAsync(changeProject, "prod", AutomationRequests.Checkout);
            var releaseWatchers = Enumerable.Range(0, 2).Select(s => ServedAt.Start(cluster[s].Name, cluster.Ofrep(s, releaseKey))).ToList();
            var changeWatchers = Enumerable.Range(0, 2).Select(s => ServedAt.Start(cluster[s].Name, cluster.Ofrep(s, changeKey))).ToList();
            try
            {
                var startAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3);
                var changeAt = startAt + TimeSpan.FromSeconds(1);
                var release = await admin.CreateReleaseAsync(releaseProject, $$"""
                    {"flag":"checkout","variant":"on","baseline":"off","startAt":"{{Time(startAt)}}","steps":[{"percent":10,"hold":"PT2S"},{"percent":50,"hold":"PT2S"},{"percent":100}]}
                    """);
                var change = await (await admin.PostJsonAsync($"{AutomationRequests.Environment(changeProject)}/scheduled-changes",
                    $$$"""{"at":"{{{Time(changeAt)}}}","flags":{"checkout":null}}""")).JsonAsync(HttpStatusCode.Created);

                var done = await admin.WaitForAsync($"{AutomationRequests.Environment(releaseProject)}/releases/{release.GetProperty("id").GetString()}",
                    r => r.GetProperty("status").GetString() == "completed", "the release completes");
                var applied = await admin.WaitForAsync($"{AutomationRequests.Environment(changeProject)}/scheduled-changes/{change.GetProperty("id").GetString()}",
                    c => c.GetProperty("status").GetString() == "applied", "the change applies");

                // Each step is due a hold after the previous one took effect; the history says when exactly.
                var steps = done.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("event").GetString() == "step").ToList();
                Assert.Equal(startAt, steps[0].GetProperty("dueAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
                var late = new List<string>();
                for (var i = 0; i < steps.Count; i++)
                {
                    var due = steps[i].GetProperty("dueAt").GetDateTimeOffset();
                    if (i > 0) Assert.Equal(steps[i - 1].GetProperty("at").GetDateTimeOffset() + Hold, due);
                    foreach (var watcher in releaseWatchers)
                        late.AddRange(await JudgeAsync($"step {i + 1}", watcher, steps[i].GetProperty("version").GetInt64(), due));
                }

                foreach (var watcher in changeWatchers)
                    late.AddRange(await JudgeAsync("scheduled change", watcher, applied.GetProperty("version").GetInt64(), changeAt));

                Assert.True(late.Count == 0, string.Join("; ", late));
            }
            finally
            {
                foreach (var watcher in releaseWatchers.Concat(changeWatchers)) await watcher.DisposeAsync();
            }
        });
    }

    /// <summary>
    /// The write happens within the eviction time plus 1 s of the due time. Serving it on the survivor may take one more
    /// gateway version check (2 s): a silo's death can take version bumps queued on it along (docs/architecture.md).
    /// </summary>
    [ComponentFact(Component.PostgreSql)]
    public async Task After_the_silo_holding_them_is_killed_a_due_step_and_change_happen_within_the_eviction_time_plus_1_s()
    {
        await using var cluster = await SiloCluster.StartAsync(2, output);
        await cluster.RunAsync(async () =>
        {
            var killed = await KillBeforeDue.RunAsync(cluster, output);
            var served = killed.Allowed + VersionCheck;

            Assert.True(killed.ReleaseWriteDelay <= killed.Allowed, $"The release step was written {killed.ReleaseWriteDelay.TotalMilliseconds:0} ms after its due time; eviction took {killed.Eviction.TotalMilliseconds:0} ms.");
            Assert.True(killed.ChangeWriteDelay <= killed.Allowed, $"The scheduled change was written {killed.ChangeWriteDelay.TotalMilliseconds:0} ms after its due time; eviction took {killed.Eviction.TotalMilliseconds:0} ms.");
            Assert.True(killed.ReleaseServeDelay <= served, $"The release step was served {killed.ReleaseServeDelay.TotalMilliseconds:0} ms after its due time; eviction took {killed.Eviction.TotalMilliseconds:0} ms.");
            Assert.True(killed.ChangeServeDelay <= served, $"The scheduled change was served {killed.ChangeServeDelay.TotalMilliseconds:0} ms after its due time; eviction took {killed.Eviction.TotalMilliseconds:0} ms.");
        });
    }

    private async Task<IEnumerable<string>> JudgeAsync(string what, ServedAt watcher, long version, DateTimeOffset due)
    {
        var served = await watcher.WaitAsync(version, TimeSpan.FromSeconds(10));
        var delay = served - due;
        output.WriteLine($"{what} (version {version}) served by {watcher.Silo} {delay.TotalMilliseconds:0} ms after its due time");
        return delay <= Promise ? [] : [$"{what} reached {watcher.Silo} {delay.TotalMilliseconds:0} ms after its due time"];
    }

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
