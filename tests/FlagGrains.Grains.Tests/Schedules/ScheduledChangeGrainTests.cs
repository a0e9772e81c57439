using System.Text.Json.Nodes;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Audit;
using FlagGrains.Contracts.Automation;
using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Governance;
using FlagGrains.Contracts.Releases;
using FlagGrains.Contracts.Schedules;
using FlagGrains.Grains.Tests.TestSupport;

namespace FlagGrains.Grains.Tests.Schedules;

[Collection(ClusterCollection.Name)]
public sealed class ScheduledChangeGrainTests(ClusterFixture fixture)
{
    private const string RedBanner = """{"state":"ENABLED","variants":{"red":"#d33","blue":"#33d"},"defaultVariant":"red"}""";
    private const string Promo = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}""";

    private readonly AutomationDriver _automation = new(fixture);

    [Fact]
    public async Task A_change_applies_at_its_time_once_as_one_audited_write_of_all_its_flags()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var at = _automation.Clock.GetUtcNow() + TimeSpan.FromHours(2);
        var versionBefore = await _automation.Environment(environment).GetVersionAsync();
        var (change, created) = await CreateAsync(new ScheduledChangeDefinition(environment, at, new Dictionary<string, string?> { ["banner"] = RedBanner, ["promo"] = Promo }));
        Assert.Equal(ScheduledChangeStatus.Scheduled, created.Status);

        // A tick before the time (a reminder's retry) changes nothing.
        await _automation.AdvanceToAsync(change, at - TimeSpan.FromMinutes(1), "scheduled-change-due");
        Assert.Equal(versionBefore, await _automation.Environment(environment).GetVersionAsync());

        await _automation.AdvanceToAsync(change, at, "scheduled-change-due");
        var applied = (await change.GetAsync())!;

        Assert.Equal((ScheduledChangeStatus.Applied, versionBefore + 1, at), (applied.Status, applied.Version, applied.EndedAt));
        Assert.Equal("red", (string)(await _automation.FlagAsync(environment, "banner"))["defaultVariant"]!);
        Assert.Equal("on", (string)(await _automation.FlagAsync(environment, "promo"))["defaultVariant"]!);
        var entry = Assert.Single((await _automation.Grains.GetGrain<IAuditLogGrain>(environment).ReadAsync(null, 10, null)).Entries, e => e.Action == "scheduled-change.apply");
        Assert.Equal(($"scheduled-change:{change.GetPrimaryKeyString()}", "Alice"), (entry.Actor.ActorId, entry.Actor.OnBehalfOfName));
        Assert.Equal(["flags/banner", "flags/promo"], entry.Changes.Select(c => c.Item));

        await _automation.FireAsync(change, "scheduled-change-due");
        Assert.Equal(versionBefore + 1, await _automation.Environment(environment).GetVersionAsync());
        var listed = Assert.Single(await _automation.Grains.GetGrain<IAutomationDirectoryGrain>(environment).ListScheduledChangesAsync());
        Assert.Equal((change.GetPrimaryKeyString(), ScheduledChangeStatus.Applied), (listed.Id, listed.Status));
    }

    [Fact]
    public async Task A_change_the_flag_set_no_longer_accepts_fails_with_the_reason_and_changes_nothing()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var at = _automation.Clock.GetUtcNow() + TimeSpan.FromHours(1);
        var (change, _) = await CreateAsync(new ScheduledChangeDefinition(environment, at, new Dictionary<string, string?> { ["promo"] = Promo, ["banner"] = null }));
        await _automation.Environment(environment).DeleteFlagAsync("banner", null, AutomationDriver.Alice);
        var versionBefore = await _automation.Environment(environment).GetVersionAsync();

        await _automation.AdvanceToAsync(change, at, "scheduled-change-due");
        var failed = (await change.GetAsync())!;

        Assert.Equal(ScheduledChangeStatus.Failed, failed.Status);
        Assert.Contains("no flag 'banner' to remove", failed.Reason, StringComparison.Ordinal);
        Assert.Equal("$.flags.banner", Assert.Single(failed.Problems).Path);
        Assert.Equal(versionBefore, await _automation.Environment(environment).GetVersionAsync());
        Assert.Null(await _automation.Environment(environment).GetFlagAsync("promo"));
    }

    [Fact]
    public async Task A_change_can_be_cancelled_until_it_runs()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var at = _automation.Clock.GetUtcNow() + TimeSpan.FromHours(1);
        var (change, _) = await CreateAsync(new ScheduledChangeDefinition(environment, at, new Dictionary<string, string?> { ["promo"] = Promo }));
        var versionBefore = await _automation.Environment(environment).GetVersionAsync();

        Assert.Equal(ScheduledChangeStatus.Cancelled, (await change.CancelAsync(AutomationDriver.Alice)).Change!.Status);
        await _automation.AdvanceToAsync(change, at, "scheduled-change-due");

        Assert.Equal(ScheduledChangeStatus.Cancelled, (await change.GetAsync())!.Status);
        Assert.Equal(versionBefore, await _automation.Environment(environment).GetVersionAsync());
        Assert.Equal(AutomationCommandStatus.Conflict, (await change.CancelAsync(AutomationDriver.Alice)).Status);
    }

    [Fact]
    public async Task A_change_that_could_not_apply_now_is_refused_naming_each_field_and_nothing_is_stored()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var now = _automation.Clock.GetUtcNow();
        var change = _automation.Grains.GetGrain<IScheduledChangeGrain>(GrainKeys.NewScheduledChangeId());

        var past = await change.CreateAsync(new ScheduledChangeDefinition(environment, now.AddSeconds(-1), new Dictionary<string, string?> { ["promo"] = Promo }), AutomationDriver.Alice);
        var broken = await change.CreateAsync(new ScheduledChangeDefinition(environment, now.AddHours(1), new Dictionary<string, string?>
        {
            ["ghost"] = null,
            ["promo"] = """{"state":"ENABLED","variants":{"on":true},"defaultVariant":"nope"}""",
        }), AutomationDriver.Alice);

        Assert.Equal(("$.at", AutomationCommandStatus.Invalid), (Assert.Single(past.Problems).Path, past.Status));
        Assert.Equal(["$.flags.ghost", "$.flags.promo.defaultVariant"], broken.Problems.Select(p => p.Path));
        Assert.Null(await change.GetAsync());
        Assert.Empty(await _automation.Grains.GetGrain<IAutomationDirectoryGrain>(environment).ListScheduledChangesAsync());
    }

    [Fact]
    public async Task In_an_environment_that_needs_approvals_a_scheduled_change_is_refused_unless_an_admin_overrides_and_its_write_is_audited_as_the_override()
    {
        var environment = await _automation.NewEnvironmentAsync();
        Assert.True(await _automation.Environment(environment).SetPolicyAsync(new EnvironmentPolicy(1), AutomationDriver.Alice));
        var held = await _automation.Environment(environment).PutFlagAsync("promo", Promo, null, AutomationDriver.Alice);
        Assert.Equal(FlagSetWriteStatus.ApprovalRequired, held.Status);
        var at = _automation.Clock.GetUtcNow() + TimeSpan.FromHours(1);
        var definition = new ScheduledChangeDefinition(environment, at, new Dictionary<string, string?> { ["promo"] = Promo });

        // The same write, a minute ahead, would otherwise skip the review the direct write waits for.
        var refused = _automation.Grains.GetGrain<IScheduledChangeGrain>(GrainKeys.NewScheduledChangeId());
        var refusal = await refused.CreateAsync(definition, AutomationDriver.Alice);
        Assert.Equal(AutomationCommandStatus.ApprovalRequired, refusal.Status);
        Assert.Contains("requires 1 approval", refusal.Message, StringComparison.Ordinal);
        Assert.Null(await refused.GetAsync());
        Assert.Empty(await _automation.Grains.GetGrain<IAutomationDirectoryGrain>(environment).ListScheduledChangesAsync());

        var overriding = AutomationDriver.Alice with { Approval = ChangeApproval.Override() };
        var (change, _) = await CreateAsync(definition, overriding);
        await _automation.AdvanceToAsync(change, at, "scheduled-change-due");

        var applied = (await change.GetAsync())!;
        Assert.Equal(ScheduledChangeStatus.Applied, applied.Status);
        Assert.Equal("on", (string)(await _automation.FlagAsync(environment, "promo"))["defaultVariant"]!);
        var entry = Assert.Single((await _automation.Grains.GetGrain<IAuditLogGrain>(environment).ReadAsync(null, 10, null)).Entries, e => e.Action == "scheduled-change.apply");
        Assert.Equal(("Alice", ChangeApprovalKind.Override), (entry.Actor.OnBehalfOfName, entry.Actor.Approval?.Kind));
    }

    [Fact]
    public async Task Without_an_approval_policy_an_override_is_not_recorded_on_the_scheduled_changes_write()
    {
        var environment = await _automation.NewEnvironmentAsync();
        var at = _automation.Clock.GetUtcNow() + TimeSpan.FromHours(1);

        var (change, _) = await CreateAsync(
            new ScheduledChangeDefinition(environment, at, new Dictionary<string, string?> { ["promo"] = Promo }),
            AutomationDriver.Alice with { Approval = ChangeApproval.Override() });
        await _automation.AdvanceToAsync(change, at, "scheduled-change-due");

        var entry = Assert.Single((await _automation.Grains.GetGrain<IAuditLogGrain>(environment).ReadAsync(null, 10, null)).Entries, e => e.Action == "scheduled-change.apply");
        Assert.Null(entry.Actor.Approval);
    }

    private async Task<(IScheduledChangeGrain Grain, ScheduledChangeView View)> CreateAsync(ScheduledChangeDefinition definition, ChangeContext? creator = null)
    {
        var grain = _automation.Grains.GetGrain<IScheduledChangeGrain>(GrainKeys.NewScheduledChangeId());
        var result = await grain.CreateAsync(definition, creator ?? AutomationDriver.Alice);
        Assert.True(result.Status == AutomationCommandStatus.Done, $"{result.Status}: {result.Message} {string.Join("; ", result.Problems)}");
        return (grain, result.Change!);
    }
}
