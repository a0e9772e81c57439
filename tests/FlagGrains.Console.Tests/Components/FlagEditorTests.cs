using Bunit;
using FlagGrains.AdminConsole.Components.Pages;
using FlagGrains.Contracts.Access;

namespace FlagGrains.AdminConsole.Tests.Components;

[Collection(ConsoleSiloCollection.Name)]
public sealed class FlagEditorTests(ConsoleSiloFixture fixture)
{
    private const string OneFlag = """{"flags":{"banner":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}}}""";

    private ConsoleSilo Silo => fixture.Silo;

    [Fact]
    public async Task A_stale_edit_is_refused_with_a_clear_message_and_reload_shows_the_other_change()
    {
        var project = ConsoleSilo.NewProject("stale");
        await Silo.PutFlagsAsync(project, "prod", OneFlag);
        await using var context = await ConsoleComponentContext.SignedInAsync(Silo, AdminRole.Editor);
        var editor = context.Render<FlagEditor>(p => p.Add(c => c.Project, project).Add(c => c.Environment, "prod").Add(c => c.FlagKey, "banner"));
        editor.WaitForElement("#flag-default");

        // Someone else changes the flag after this editor loaded it.
        await Silo.PutFlagsAsync(project, "prod", OneFlag.Replace("\"defaultVariant\":\"on\"", "\"defaultVariant\":\"off\"", StringComparison.Ordinal));
        editor.Find("#flag-enabled").Change(false);
        editor.Find("form.editor").Submit();

        editor.WaitForAssertion(() => Assert.Contains("Someone changed this since you opened it, so nothing was saved", editor.Find("[data-testid='stale']").TextContent, StringComparison.Ordinal));
        using (var admin = Silo.Admin())
        {
            var stored = await admin.GetStringAsync($"admin/v1/projects/{project}/environments/prod/flags/banner");
            Assert.Contains("\"ENABLED\"", stored, StringComparison.Ordinal);
            Assert.Contains("\"off\"", stored, StringComparison.Ordinal);
        }

        editor.WaitForAssertion(() => editor.Find("[data-testid='stale'] button").Click());
        editor.WaitForAssertion(() => Assert.Equal("off", editor.Find("#flag-default").GetAttribute("value")));
        editor.WaitForAssertion(() => Assert.Empty(editor.FindAll("[data-testid='stale']")));
    }

    [Fact]
    public async Task Rollout_total_is_shown_live_and_a_split_not_adding_up_to_100_is_not_saved()
    {
        var project = ConsoleSilo.NewProject("roll");
        await Silo.PutFlagsAsync(project, "prod", OneFlag);
        await using var context = await ConsoleComponentContext.SignedInAsync(Silo, AdminRole.Editor);
        var editor = context.Render<FlagEditor>(p => p.Add(c => c.Project, project).Add(c => c.Environment, "prod").Add(c => c.FlagKey, "banner"));
        editor.WaitForElement("[data-testid='fallback-serve']");

        editor.Find("[data-testid='fallback-serve']").Change("rollout");
        editor.WaitForAssertion(() => Assert.Equal("Total: 100 %", editor.Find("[data-testid='rollout-total']").TextContent.Trim()));
        editor.WaitForAssertion(() => editor.Find("[data-testid='share-on']").Input("30"));
        editor.WaitForAssertion(() => Assert.Contains("Total: 80 %", editor.Find("[data-testid='rollout-total']").TextContent, StringComparison.Ordinal));
        editor.WaitForAssertion(() => Assert.Contains("must be 100 %", editor.Find("[data-testid='rollout-total']").TextContent, StringComparison.Ordinal));

        editor.Find("form.editor").Submit();
        editor.WaitForAssertion(() => Assert.Contains("add up to 80 %", editor.Find("[data-testid='problems']").TextContent, StringComparison.Ordinal));

        editor.WaitForAssertion(() => editor.Find("[data-testid='share-off']").Input("70"));
        editor.WaitForAssertion(() => Assert.Equal("Total: 100 %", editor.Find("[data-testid='rollout-total']").TextContent.Trim()));
        editor.Find("form.editor").Submit();
        editor.WaitForAssertion(() => Assert.Contains("Saved", editor.Find("[data-testid='notice']").TextContent, StringComparison.Ordinal));
        using var admin = Silo.Admin();
        Assert.Contains("\"fractional\"", await admin.GetStringAsync($"admin/v1/projects/{project}/environments/prod/flags/banner"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule_builder_adds_an_allow_list_rule_that_is_saved_as_jsonlogic()
    {
        var project = ConsoleSilo.NewProject("rules");
        await Silo.PutFlagsAsync(project, "prod", OneFlag.Replace("\"defaultVariant\":\"on\"", "\"defaultVariant\":\"off\"", StringComparison.Ordinal));
        await using var context = await ConsoleComponentContext.SignedInAsync(Silo, AdminRole.Editor);
        var editor = context.Render<FlagEditor>(p => p.Add(c => c.Project, project).Add(c => c.Environment, "prod").Add(c => c.FlagKey, "banner"));
        editor.WaitForElement("[data-testid='fallback-serve']");

        editor.WaitForAssertion(() => editor.FindAll("button").First(b => b.TextContent == "Add rule").Click());
        editor.Find("#rule0-kind").Change("UserAllowList");
        editor.Find("#rule0-values").Change("alice, bob");
        editor.Find("[data-testid='rule0-serve']").Change("v:on");
        editor.Find("form.editor").Submit();

        editor.WaitForAssertion(() => Assert.Contains("Saved", editor.Find("[data-testid='notice']").TextContent, StringComparison.Ordinal));
        using var admin = Silo.Admin();
        var stored = await admin.GetStringAsync($"admin/v1/projects/{project}/environments/prod/flags/banner");
        Assert.Contains("""{"in":[{"var":"targetingKey"},["alice","bob"]]}""", stored.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_editor_shows_the_parsers_errors_inline_and_will_not_save_them()
    {
        var project = ConsoleSilo.NewProject("json");
        await Silo.PutFlagsAsync(project, "prod", OneFlag);
        await using var context = await ConsoleComponentContext.SignedInAsync(Silo, AdminRole.Editor);
        var editor = context.Render<FlagEditor>(p => p.Add(c => c.Project, project).Add(c => c.Environment, "prod").Add(c => c.FlagKey, "banner"));
        editor.WaitForElement("[role='tab']");
        editor.WaitForAssertion(() => editor.FindAll("[role='tab']").Single(t => t.TextContent == "JSON").Click());

        editor.WaitForAssertion(() => editor.Find("#flag-json").Input("""{"state":"ENABLED","variants":{"on":true"""));
        editor.WaitForAssertion(() => Assert.Contains("Not valid JSON", editor.Find("[data-testid='json-errors']").TextContent, StringComparison.Ordinal));
        editor.WaitForAssertion(() => Assert.True(editor.Find("[data-testid='save-json']").HasAttribute("disabled")));
        editor.WaitForAssertion(() => Assert.Equal("true", editor.Find("#flag-json").GetAttribute("aria-invalid")));

        editor.WaitForAssertion(() => editor.Find("#flag-json").Input("""{"state":"SOMETIMES","variants":{"on":true},"defaultVariant":"on"}"""));
        var errors = editor.Find("[data-testid='json-errors']").TextContent;
        Assert.Contains("$.state", errors, StringComparison.Ordinal);

        editor.WaitForAssertion(() => editor.Find("#flag-json").Input("""{"state":"ENABLED","variants":{"on":true},"defaultVariant":"on"}"""));
        editor.WaitForAssertion(() => Assert.Empty(editor.FindAll("[data-testid='json-errors'] li")));
        editor.WaitForAssertion(() => Assert.False(editor.Find("[data-testid='save-json']").HasAttribute("disabled")));
    }
}
