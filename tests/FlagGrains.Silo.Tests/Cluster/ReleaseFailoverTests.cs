using FlagGrains.Testing.Cluster;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing.Components;
using Xunit.Abstractions;

namespace FlagGrains.Silo.Tests.Cluster;

/// <summary>
/// Releases and scheduled changes live in grain state and wake through reminders in PostgreSQL, so neither a killed
/// silo nor a stopped cluster may lose or repeat a due change. How fast is judged by <see cref="ReleaseTimingTests"/>.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ReleaseFailoverTests(ITestOutputHelper output)
{
    [ComponentFact(Component.PostgreSql)]
    public async Task A_due_step_and_change_happen_once_after_their_silo_is_killed_and_every_schedule_survives_a_cluster_restart()
    {
        await using var cluster = await SiloCluster.StartAsync(2, output);
        await cluster.RunAsync(async () =>
        {
            var killed = await KillBeforeDue.RunAsync(cluster, output);
            var survivor = cluster.Admin(killed.Survivor);
            var releasePath = $"{AutomationRequests.Environment(killed.ReleaseEnvironment.Project)}/releases/{killed.ReleaseId}";
            var changePath = $"{AutomationRequests.Environment(killed.ChangeEnvironment.Project)}/scheduled-changes/{killed.ChangeId}";

            // Reminders keep ticking every retry period until a tick finds nothing due: give them time to repeat.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var stepped = await survivor.WaitForAsync(releasePath, r => r.GetProperty("currentStep").ValueKind == JsonValueKind.Number, "step 1");
            var applied = await (await survivor.GetAsync(changePath)).JsonAsync(HttpStatusCode.OK);

            Assert.Equal((1, killed.ReleaseVersionBefore + 1), (stepped.GetProperty("currentStep").GetInt32(), stepped.GetProperty("history")[0].GetProperty("version").GetInt64()));
            Assert.Single(stepped.GetProperty("history").EnumerateArray(), h => h.GetProperty("event").GetString() == "step");
            Assert.Equal(("applied", killed.ChangeVersionBefore + 1), (applied.GetProperty("status").GetString(), applied.GetProperty("version").GetInt64()));
            Assert.Equal(killed.ReleaseVersionBefore + 1, await KillBeforeDue.VersionAsync(survivor, killed.ReleaseEnvironment));
            Assert.Equal(killed.ChangeVersionBefore + 1, await KillBeforeDue.VersionAsync(survivor, killed.ChangeEnvironment));

            // Whole-cluster restart: two more schedules fall due while no silo runs.
            var dueWhileDown = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(4);
            var bannerRelease = (await survivor.CreateReleaseAsync(killed.ReleaseEnvironment.Project, $$"""
                {"flag":"banner","variant":"red","baseline":"blue","startAt":"{{KillBeforeDue.Time(dueWhileDown)}}","steps":[{"percent":50,"hold":"PT1H"},{"percent":100}]}
                """)).GetProperty("id").GetString();
            var secondChange = (await (await survivor.PostJsonAsync($"{AutomationRequests.Environment(killed.ChangeEnvironment.Project)}/scheduled-changes",
                $$$"""{"at":"{{{KillBeforeDue.Time(dueWhileDown)}}}","flags":{"checkout":null}}""")).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
            var down = Stopwatch.StartNew();
            var restarted = await cluster.RestartAllAsync(2);
            output.WriteLine($"cluster stopped and back in {down.ElapsedMilliseconds} ms; the new schedules fell due {(DateTimeOffset.UtcNow - dueWhileDown).TotalMilliseconds:0} ms ago");

            var fresh = cluster.Admin(restarted[0]);
            var bannerStepped = await fresh.WaitForAsync($"{AutomationRequests.Environment(killed.ReleaseEnvironment.Project)}/releases/{bannerRelease}",
                r => r.GetProperty("status").GetString() == "running", "the banner release starts after the restart");
            var secondApplied = await fresh.WaitForAsync($"{AutomationRequests.Environment(killed.ChangeEnvironment.Project)}/scheduled-changes/{secondChange}",
                c => c.GetProperty("status").GetString() == "applied", "the second change applies after the restart");
            await Task.Delay(TimeSpan.FromSeconds(2));

            Assert.Equal(killed.ReleaseVersionBefore + 2, bannerStepped.GetProperty("history")[0].GetProperty("version").GetInt64());
            Assert.Equal(killed.ReleaseVersionBefore + 2, await KillBeforeDue.VersionAsync(fresh, killed.ReleaseEnvironment));
            Assert.Equal(killed.ChangeVersionBefore + 2, secondApplied.GetProperty("version").GetInt64());
            Assert.Equal(killed.ChangeVersionBefore + 2, await KillBeforeDue.VersionAsync(fresh, killed.ChangeEnvironment));

            // The first release kept its place: step 1, the next step due at the same time, now on new silos.
            var first = await (await cluster.Admin(restarted[1]).GetAsync(releasePath)).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(("running", stepped.GetProperty("nextStepAt").GetDateTimeOffset()), (first.GetProperty("status").GetString(), first.GetProperty("nextStepAt").GetDateTimeOffset()));
        });
    }
}
