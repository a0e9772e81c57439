using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Automation;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Governance;
using FlagGrains.Contracts.Releases;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Grains.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FlagGrains.Grains.Tests.Releases;

/// <summary>Releases on a two-silo cluster whose reminders run on a manual clock: every due time is hit exactly.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReleaseGrainTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    private readonly AutomationDriver _automation = new(fixture);

    [Fact]
    public async Task Each_step_takes_effect_at_its_due_time_on_every_silo_and_records_the_version_it_wrote()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var versionBefore = await _automation.Environment(environment).GetVersionAsync();
        var start = _automation.Clock.GetUtcNow();

        var (release, created) = await _automation.CreateAsync(AutomationDriver.Plan(environment, (5, TenMinutes), (25, OneHour), (100, null)));

        Assert.Equal((ReleaseStatus.Running, 0, 5, start + TenMinutes), (created.Status, created.CurrentStep, created.Percent, created.NextStepAt));
        Assert.Equal(5, AutomationDriver.SplitPercent(await _automation.FlagAsync(environment)));

        await _automation.AdvanceToAsync(release, start + TenMinutes);
        var second = await AutomationDriver.WaitForAsync(release, r => r.CurrentStep == 1, "step 2");
        output.WriteLine($"step 2 served by both silos {(await _automation.WaitUntilServedEverywhereAsync(environment, second.History[^1].Version!.Value)).TotalMilliseconds:0} ms after the grain recorded it");
        Assert.Equal(start + TenMinutes, second.History[^1].At);
        Assert.Equal(25, AutomationDriver.SplitPercent(await _automation.FlagAsync(environment)));

        await _automation.AdvanceToAsync(release, start + TenMinutes + OneHour);
        var done = await AutomationDriver.WaitForAsync(release, r => r.Status == ReleaseStatus.Completed, "completed");

        Assert.Equal(100, done.Percent);
        Assert.Null(done.NextStepAt);
        var steps = done.History.Where(h => h.Event == "step").ToList();
        Assert.Equal([0, 1, 2], steps.Select(s => s.Step!.Value));
        Assert.Equal([versionBefore + 1, versionBefore + 2, versionBefore + 3], steps.Select(s => s.Version!.Value));
        Assert.Equal(versionBefore + 3, await _automation.Environment(environment).GetVersionAsync());
        Assert.Equal(100, AutomationDriver.SplitPercent(await _automation.FlagAsync(environment)));
    }

    [Fact]
    public async Task In_an_environment_that_needs_approvals_a_release_is_refused_unless_an_admin_overrides_and_its_steps_are_audited_as_the_override()
    {
        var environment = await _automation.NewEnvironmentAsync();
        Assert.True(await _automation.Environment(environment).SetPolicyAsync(new EnvironmentPolicy(1), AutomationDriver.Alice));
        var versionBefore = await _automation.Environment(environment).GetVersionAsync();

        // A release to 100 % is the flag change a direct write would hold for review.
        var refused = _automation.Release(GrainKeys.NewReleaseId());
        var refusal = await refused.CreateAsync(AutomationDriver.Plan(environment, (100, null)), AutomationDriver.Alice);
        Assert.Equal(AutomationCommandStatus.ApprovalRequired, refusal.Status);
        Assert.Contains("override=true", refusal.Message, StringComparison.Ordinal);
        Assert.Null(await refused.GetAsync());
        Assert.Empty(await _automation.Grains.GetGrain<IAutomationDirectoryGrain>(environment).ListReleasesAsync());
        Assert.Equal(versionBefore, await _automation.Environment(environment).GetVersionAsync());

        var (_, created) = await _automation.CreateAsync(AutomationDriver.Plan(environment, (100, null)), AutomationDriver.Alice with { Approval = ChangeApproval.Override() });

        Assert.Equal(0, created.CurrentStep);
        var step = Assert.Single((await _automation.Grains.GetGrain<IAuditLogGrain>(environment).ReadAsync(null, 10, null)).Entries, e => e.Action == "release.step");
        Assert.Equal(("Alice", ChangeApprovalKind.Override), (step.Actor.OnBehalfOfName, step.Actor.Approval?.Kind));
    }

    [Fact]
    public async Task A_release_with_a_start_time_leaves_the_flag_alone_until_then()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var before = await _automation.FlagAsync(environment);
        var startAt = _automation.Clock.GetUtcNow() + TimeSpan.FromMinutes(30);

        var (release, created) = await _automation.CreateAsync(AutomationDriver.Plan(environment, (10, TenMinutes), (50, null)) with { StartAt = startAt });

        Assert.Equal((ReleaseStatus.Scheduled, null, startAt), (created.Status, created.CurrentStep, created.NextStepAt));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(before, await _automation.FlagAsync(environment)));

        await _automation.AdvanceToAsync(release, startAt);
        var started = await AutomationDriver.WaitForAsync(release, r => r.Status == ReleaseStatus.Running, "started");
        Assert.Equal((0, startAt, startAt + TenMinutes), (started.CurrentStep!.Value, started.History[^1].At, started.NextStepAt!.Value));
    }

    [Fact]
    public async Task Pause_stops_the_hold_and_resume_continues_with_what_was_left_of_it()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var start = _automation.Clock.GetUtcNow();
        var (release, _) = await _automation.CreateAsync(AutomationDriver.Plan(environment, (5, TenMinutes), (50, null)));

        _automation.Clock.Advance(TimeSpan.FromMinutes(4));
        var paused = (await release.PauseAsync(AutomationDriver.Alice)).Release!;
        Assert.Equal((ReleaseStatus.Paused, (DateTimeOffset?)null), (paused.Status, paused.NextStepAt));

        // Past the original due time: a tick (a reminder not yet removed everywhere) does nothing while paused.
        await _automation.AdvanceToAsync(release, start + OneHour);
        Assert.Equal(0, (await release.GetAsync())!.CurrentStep);
        Assert.Equal(5, AutomationDriver.SplitPercent(await _automation.FlagAsync(environment)));

        var resumedAt = _automation.Clock.GetUtcNow();
        var resumed = (await release.ResumeAsync(AutomationDriver.Alice)).Release!;
        Assert.Equal((ReleaseStatus.Running, resumedAt + TimeSpan.FromMinutes(6)), (resumed.Status, resumed.NextStepAt!.Value));

        await _automation.AdvanceToAsync(release, resumedAt + TimeSpan.FromMinutes(6));
        var done = await AutomationDriver.WaitForAsync(release, r => r.Status == ReleaseStatus.Completed, "completed after resume");
        Assert.Equal(["step", "paused", "resumed", "step", "completed"], done.History.Select(h => h.Event));
        Assert.Contains("Alice", done.History[1].Actor, StringComparison.Ordinal);
        Assert.True(start + TenMinutes < done.History[^1].At);
    }

    [Fact]
    public async Task A_breached_error_rate_rolls_the_release_back_by_itself_and_says_why()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var definition = AutomationDriver.Plan(environment, (20, OneHour), (100, null)) with { Guardrails = new ReleaseGuardrails(0.02, 100) };
        var (release, _) = await _automation.CreateAsync(definition);
        var checkedAt = _automation.Clock.GetUtcNow() + TimeSpan.FromSeconds(5);

        // Errors on both silos, but fewer evaluations than minEvaluations: no verdict yet.
        await RecordAsync(environment, silo: 0, evaluations: 40, errors: 10);
        await RecordAsync(environment, silo: 1, evaluations: 40, errors: 0);
        await _automation.AdvanceToAsync(release, checkedAt, "release-watch");
        var judged = await AutomationDriver.WaitForAsync(release, r => r.Outcome?.CheckedAt == checkedAt, "a guardrail check");
        Assert.Equal((ReleaseStatus.Running, 80L, 10L), (judged.Status, judged.Outcome!.Evaluations, judged.Outcome.Errors));

        await RecordAsync(environment, silo: 1, evaluations: 40, errors: 0);
        await _automation.AdvanceToAsync(release, checkedAt + TimeSpan.FromSeconds(5), "release-watch");
        var rolledBack = await AutomationDriver.WaitForAsync(release, r => r.Status == ReleaseStatus.RolledBack, "rolled back by the guardrail");

        Assert.Contains("guardrail", rolledBack.Reason, StringComparison.Ordinal);
        Assert.Contains("10 of 120 evaluations", rolledBack.Reason, StringComparison.Ordinal);
        Assert.Equal(0, AutomationDriver.SplitPercent(await _automation.FlagAsync(environment)));
        var entry = (await _automation.Grains.GetGrain<IAuditLogGrain>(environment).ReadAsync(null, 10, "flags/checkout")).Entries[0];
        Assert.Equal(("release.rollback", $"release:{release.GetPrimaryKeyString()}", "Alice"), (entry.Action, entry.Actor.ActorId, entry.Actor.OnBehalfOfName));
        Assert.Contains("guardrail", entry.Actor.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unhealthy_signal_rolls_back_at_once_and_a_healthy_one_is_only_recorded()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var (release, _) = await _automation.CreateAsync(AutomationDriver.Plan(environment, (30, OneHour), (100, null)));

        await release.SignalAsync(new ReleaseSignal(true, "canary", "all green", AutomationDriver.Alice));
        Assert.Equal(ReleaseStatus.Running, (await release.GetAsync())!.Status);

        var result = await release.SignalAsync(new ReleaseSignal(false, "alertmanager", "CheckoutErrors firing", AutomationDriver.Alice));

        Assert.Equal(ReleaseStatus.RolledBack, result.Release!.Status);
        Assert.Equal("unhealthy signal from alertmanager: CheckoutErrors firing", result.Release.Reason);
        Assert.Equal(0, AutomationDriver.SplitPercent(await _automation.FlagAsync(environment)));
        Assert.Equal(AutomationCommandStatus.Conflict, (await release.SignalAsync(new ReleaseSignal(false, "again", null, AutomationDriver.Alice))).Status);
    }

    [Fact]
    public async Task A_step_the_environment_already_applied_is_recorded_not_written_again_and_a_reminder_firing_twice_changes_nothing()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var start = _automation.Clock.GetUtcNow();
        var (release, _) = await _automation.CreateAsync(AutomationDriver.Plan(environment, (5, TenMinutes), (25, OneHour), (100, null)));
        var id = release.GetPrimaryKeyString();

        // What a silo dying between the environment's write and the release's own record leaves behind: step 2 is in
        // the flag set, the release does not know it yet.
        var flag = await _automation.Environment(environment).GetFlagAsync("checkout");
        var placed = Domain.Releases.ReleaseSplit.Place(flag!.FlagJson, "on", "off", 25);
        var earlier = await _automation.Environment(environment).ApplyFlagEditsAsync(
            new FlagEdits($"{id}/step/1", "release.step", [new FlagEdit("checkout", placed.FlagJson, flag.ETag)]), AutomationDriver.Alice);
        Assert.Equal(FlagSetWriteStatus.Stored, earlier.Status);

        await _automation.AdvanceToAsync(release, start + TenMinutes);
        var second = await AutomationDriver.WaitForAsync(release, r => r.CurrentStep == 1, "step 2");
        Assert.Equal(earlier.Version, second.History[^1].Version);
        Assert.Equal(earlier.Version, await _automation.Environment(environment).GetVersionAsync());

        // The due reminder firing again (as after a failover) finds nothing due and writes nothing.
        await _automation.FireAsync(release, "release-due");
        await _automation.FireAsync(release, "release-due");

        Assert.Equal(earlier.Version, await _automation.Environment(environment).GetVersionAsync());
        Assert.Equal(2, (await release.GetAsync())!.History.Count(h => h.Event == "step"));
    }

    [Fact]
    public async Task A_person_editing_the_flag_keeps_their_change_and_the_next_step_puts_back_only_the_split()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var start = _automation.Clock.GetUtcNow();
        var (release, _) = await _automation.CreateAsync(AutomationDriver.Plan(environment, (5, TenMinutes), (25, OneHour), (100, null)));

        // A person adds a rule in front, changes the default, and drags the split to 50 % by hand.
        var edited = await _automation.FlagAsync(environment);
        var chain = edited["targeting"]!["if"]!.AsArray();
        chain.Insert(0, System.Text.Json.Nodes.JsonNode.Parse("""{"==":[{"var":"country"},"NZ"]}"""));
        chain.Insert(1, "off");
        chain[^1]!["fractional"]![0]![1] = 50;
        chain[^1]!["fractional"]![1]![1] = 50;
        edited["defaultVariant"] = "on";
        Assert.Equal(FlagSetWriteStatus.Stored, (await _automation.Environment(environment).PutFlagAsync("checkout", edited.ToJsonString(), null, AutomationDriver.Alice)).Status);

        await _automation.AdvanceToAsync(release, start + TenMinutes);
        var second = await AutomationDriver.WaitForAsync(release, r => r.CurrentStep == 1, "step 2");

        var after = await _automation.FlagAsync(environment);
        Assert.Equal("on", (string)after["defaultVariant"]!);
        Assert.Equal("NZ", (string)after["targeting"]!["if"]![0]!["=="]![1]!);
        Assert.Equal(25, AutomationDriver.SplitPercent(after));
        Assert.Contains("re-applied", second.History[^1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_flag_ends_the_release_as_failed_and_it_stops_waking()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var start = _automation.Clock.GetUtcNow();
        var (release, _) = await _automation.CreateAsync(AutomationDriver.Plan(environment, (5, TenMinutes), (100, null)));
        Assert.Equal(FlagSetWriteStatus.Stored, (await _automation.Environment(environment).DeleteFlagAsync("checkout", null, AutomationDriver.Alice)).Status);

        await _automation.AdvanceToAsync(release, start + TenMinutes);
        var failed = await AutomationDriver.WaitForAsync(release, r => r.Status == ReleaseStatus.Failed, "failed");

        Assert.Contains("no longer exists", failed.Reason, StringComparison.Ordinal);
        Assert.Null(failed.NextStepAt);
        Assert.Equal(ReleaseStatus.Failed, Assert.Single(await _automation.Grains.GetGrain<IAutomationDirectoryGrain>(environment).ListReleasesAsync()).Status);
        var reminders = fixture.SiloServices(0).GetRequiredService<IReminderTable>();
        Assert.Empty((await reminders.ReadRows(release.GetGrainId())).Reminders);
    }

    [Fact]
    public async Task A_flag_has_one_active_release_and_a_refused_release_leaves_nothing_behind()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var (first, _) = await _automation.CreateAsync(AutomationDriver.Plan(environment, (5, TenMinutes), (100, null)));
        var versionAfterFirst = await _automation.Environment(environment).GetVersionAsync();

        var second = _automation.Release(GrainKeys.NewReleaseId());
        var conflict = await second.CreateAsync(AutomationDriver.Plan(environment, (10, null)), AutomationDriver.Alice);
        var invalid = await _automation.Release(GrainKeys.NewReleaseId()).CreateAsync(AutomationDriver.Plan(environment, (10, null)) with { Variant = "maybe" }, AutomationDriver.Alice);

        Assert.Equal(AutomationCommandStatus.Conflict, conflict.Status);
        Assert.Contains(first.GetPrimaryKeyString(), conflict.Message, StringComparison.Ordinal);
        Assert.Equal(("$.variant", AutomationCommandStatus.Invalid), (Assert.Single(invalid.Problems).Path, invalid.Status));
        Assert.Null(await second.GetAsync());
        Assert.Equal(versionAfterFirst, await _automation.Environment(environment).GetVersionAsync());

        await first.RollbackAsync(AutomationDriver.Alice);
        var third = await second.CreateAsync(AutomationDriver.Plan(environment, (10, null)), AutomationDriver.Alice);
        Assert.Equal(AutomationCommandStatus.Done, third.Status);
        var listed = await _automation.Grains.GetGrain<IAutomationDirectoryGrain>(environment).ListReleasesAsync();
        Assert.Equal([(second.GetPrimaryKeyString(), ReleaseStatus.Completed), (first.GetPrimaryKeyString(), ReleaseStatus.RolledBack)], listed.Select(r => (r.Id, r.Status)));
    }

    [Fact]
    public async Task Every_step_is_audited_with_the_release_as_actor_on_behalf_of_its_creator()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var (release, _) = await _automation.CreateAsync(AutomationDriver.Plan(environment, (40, null)));

        var entry = (await _automation.Grains.GetGrain<IAuditLogGrain>(environment).ReadAsync(null, 10, "flags/checkout")).Entries[0];

        Assert.Equal("release.step", entry.Action);
        Assert.Equal(($"release:{release.GetPrimaryKeyString()}", "tok_alice", "Alice"), (entry.Actor.ActorId, entry.Actor.OnBehalfOfId, entry.Actor.OnBehalfOfName));
        Assert.Equal("step 1 of 1: 40 %", entry.Actor.Reason);
    }

    private async Task RecordAsync(string environment, int silo, int evaluations, int errors)
    {
        var snapshot = (await fixture.Resolver(silo).ResolveAsync(environment))!;
        var context = EvaluationContext.FromValues("user-1", new Dictionary<string, object?>());
        for (var i = 0; i < evaluations; i++)
        {
            // An ERROR outcome the way the engine produces one: the flag read as the wrong type.
            var result = i < errors ? snapshot.Flags!.Evaluate("checkout", context, FlagValueKind.String) : snapshot.Flags!.Evaluate("checkout", context);
            snapshot.Usage!.Record("checkout", result);
        }
    }
}
