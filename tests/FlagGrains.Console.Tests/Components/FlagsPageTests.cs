using Bunit;
using FlagGrains.AdminConsole.Access;
using FlagGrains.AdminConsole.Components.Pages;
using FlagGrains.Contracts.Access;

namespace FlagGrains.AdminConsole.Tests.Components;

[Collection(ConsoleSiloCollection.Name)]
public sealed class FlagsPageTests(ConsoleSiloFixture fixture)
{
    private const string OneFlag = """{"flags":{"banner":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}}}""";

    private ConsoleSilo Silo => fixture.Silo;

    [Fact]
    public async Task Kill_switch_changes_nothing_until_confirmed()
    {
        var project = ConsoleSilo.NewProject("kill");
        await Silo.PutFlagsAsync(project, "prod", OneFlag);
        await using var context = await ConsoleComponentContext.SignedInAsync(Silo, AdminRole.Editor);
        var page = context.Render<Flags>(p => p.Add(c => c.Project, project).Add(c => c.Environment, "prod"));
        page.WaitForElement("[data-testid='kill-switch']");

        page.WaitForAssertion(() => page.Find("[data-testid='kill-switch']").Click());
        page.WaitForAssertion(() => Assert.Contains("Disable banner?", page.Find("[data-testid='confirm-dialog']").TextContent, StringComparison.Ordinal));
        page.WaitForAssertion(() => page.Find("[data-testid='confirm-dialog'] button.secondary").Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='confirm-dialog']")));
        Assert.Contains("\"ENABLED\"", await StoredFlagAsync(project), StringComparison.Ordinal);

        page.WaitForAssertion(() => page.Find("[data-testid='kill-switch']").Click());
        page.WaitForAssertion(() => page.Find("[data-testid='confirm']").Click());
        page.WaitForAssertion(() => Assert.Equal("DISABLED", page.Find("[data-testid='state']").TextContent));
        Assert.Contains("\"DISABLED\"", await StoredFlagAsync(project), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kill_switch_on_a_flag_changed_since_the_list_loaded_is_refused_and_the_list_reloads()
    {
        var project = ConsoleSilo.NewProject("kill");
        await Silo.PutFlagsAsync(project, "prod", OneFlag);
        await using var context = await ConsoleComponentContext.SignedInAsync(Silo, AdminRole.Editor);
        var page = context.Render<Flags>(p => p.Add(c => c.Project, project).Add(c => c.Environment, "prod"));
        page.WaitForElement("[data-testid='kill-switch']");

        await Silo.PutFlagsAsync(project, "prod", OneFlag.Replace("\"defaultVariant\":\"on\"", "\"defaultVariant\":\"off\"", StringComparison.Ordinal));
        page.WaitForAssertion(() => page.Find("[data-testid='kill-switch']").Click());
        page.WaitForAssertion(() => page.Find("[data-testid='confirm']").Click());

        page.WaitForAssertion(() => Assert.Contains("changed since this list was loaded", page.Find("[data-testid='error']").TextContent, StringComparison.Ordinal));
        Assert.Contains("\"ENABLED\"", await StoredFlagAsync(project), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_sees_flags_without_any_edit_control()
    {
        var project = ConsoleSilo.NewProject("view");
        await Silo.PutFlagsAsync(project, "prod", OneFlag);
        await using var context = await ConsoleComponentContext.SignedInAsync(Silo, AdminRole.Viewer);

        var list = context.Render<Flags>(p => p.Add(c => c.Project, project).Add(c => c.Environment, "prod"));
        list.WaitForElement("[data-testid='flag-banner']");
        list.WaitForAssertion(() => Assert.Empty(list.FindAll("[data-testid='kill-switch']")));
        Assert.DoesNotContain("New flag", list.Markup, StringComparison.Ordinal);

        var editor = context.Render<FlagEditor>(p => p.Add(c => c.Project, project).Add(c => c.Environment, "prod").Add(c => c.FlagKey, "banner"));
        editor.WaitForAssertion(() => Assert.Contains("Read-only", editor.Markup, StringComparison.Ordinal));
        editor.WaitForAssertion(() => Assert.Empty(editor.FindAll("input, select, textarea, button[type='submit']")));

        await Silo.CreateClientKeyAsync(project, "prod");
        var keys = context.Render<Keys>(p => p.Add(c => c.Project, project).Add(c => c.Environment, "prod"));
        keys.WaitForElement("tr[data-testid^='key-']");
        keys.WaitForAssertion(() => Assert.Empty(keys.FindAll("[data-testid='create-key'], [data-testid='revoke']")));
    }

    [Fact]
    public async Task A_viewer_action_that_reaches_the_server_anyway_is_refused_there()
    {
        var project = ConsoleSilo.NewProject("forge");
        await Silo.PutFlagsAsync(project, "prod", OneFlag);
        await using var context = await ConsoleComponentContext.SignedInAsync(Silo, AdminRole.Viewer);
        var etag = (await context.Workspace.GetFlagAsync(project, "prod", "banner"))!.ETag;

        var refused = await Assert.ThrowsAsync<ConsoleAccessDeniedException>(() => context.Workspace.SetStateAsync(project, "prod", "banner", enabled: false, etag));

        Assert.False(refused.SessionEnded);
        Assert.Contains("needs the editor role", refused.Message, StringComparison.Ordinal);
        Assert.Contains("\"ENABLED\"", await StoredFlagAsync(project), StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConsoleAccessDeniedException>(() => context.Workspace.CreateKeyAsync(project, "prod", ApiKeyKind.Server));
    }

    [Fact]
    public async Task A_revoked_token_loses_the_session_on_its_next_action()
    {
        var project = ConsoleSilo.NewProject("revoked");
        await Silo.PutFlagsAsync(project, "prod", OneFlag);
        await using var context = await ConsoleComponentContext.SignedInAsync(Silo, AdminRole.Admin);
        await Silo.RevokeAdminTokenAsync(context.User.TokenId);

        var refused = await Assert.ThrowsAsync<ConsoleAccessDeniedException>(() => context.Workspace.ListKeysAsync(project, "prod"));

        Assert.True(refused.SessionEnded);
    }

    [Fact]
    public async Task A_circuit_outliving_its_session_lifetime_is_refused()
    {
        var project = ConsoleSilo.NewProject("expired");
        await Silo.PutFlagsAsync(project, "prod", OneFlag);
        await using var context = await ConsoleComponentContext.SignedInAsync(Silo, AdminRole.Admin, sessionEnds: DateTimeOffset.UtcNow.AddMinutes(-1));

        var refused = await Assert.ThrowsAsync<ConsoleAccessDeniedException>(() => context.Workspace.GetFlagSetAsync(project, "prod"));

        Assert.True(refused.SessionEnded);
    }

    private async Task<string> StoredFlagAsync(string project)
    {
        using var admin = Silo.Admin();
        return await admin.GetStringAsync($"admin/v1/projects/{project}/environments/prod/flags/banner");
    }
}
