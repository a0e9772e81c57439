using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlagGrains.Testing.Components;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FlagGrains.AdminConsole.Tests.EndToEnd;

/// <summary>
/// The console in a real browser against a real silo: what a person clicks is what devices get from OFREP.
/// </summary>
[Collection(ConsoleSiloCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ConsoleInBrowserTests(ConsoleSiloFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly Browser _browser = new();

    private ConsoleSilo Silo => fixture.Silo;

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [ComponentFact(Component.Chromium)]
    public async Task Editor_creates_a_30_percent_rollout_that_OFREP_serves_then_kill_switches_it()
    {
        var project = ConsoleSilo.NewProject("e2e");
        await Silo.PutFlagsAsync(project, "prod", """{"flags":{}}""");
        var key = await Silo.CreateClientKeyAsync(project, "prod");
        var (_, editorToken) = await Silo.CreateAdminTokenAsync("pm on call", "editor");
        var console = await ConsoleDriver.OpenAsync(_browser.Instance!, Silo.BaseUrl);

        await console.SignInAsync(editorToken);
        await console.GoAsync($"/console/projects/{project}/environments/prod");
        await console.Page.GetByRole(AriaRole.Link, new() { Name = "New flag" }).ClickAsync();
        await console.WaitForCircuitAsync();
        await console.Page.GetByLabel("Flag key").FillAsync("new-checkout");
        await console.Page.GetByTestId("fallback-serve").SelectOptionAsync("rollout");
        await console.Page.GetByTestId("share-on").FillAsync("30");
        await console.Page.GetByTestId("share-off").FillAsync("60");
        await Assertions.Expect(console.Page.GetByTestId("rollout-total")).ToContainTextAsync("90 %");
        await console.Page.GetByTestId("share-off").FillAsync("70");
        await Assertions.Expect(console.Page.GetByTestId("rollout-total")).ToHaveTextAsync("Total: 100 %");
        await console.ScreenshotAsync("flag-editor-rollout");
        await console.Page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "new-checkout", Level = 1 })).ToBeVisibleAsync();

        await WaitUntilServedAsync(project, key);
        var variants = new Dictionary<string, int>();
        using var device = Silo.Device(key);
        for (var user = 0; user < 200; user++)
        {
            var answer = await EvaluateAsync(device, "new-checkout", $"user-{user}");
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal("TARGETING_MATCH", answer.Body.GetProperty("reason").GetString());
            var variant = answer.Body.GetProperty("variant").GetString()!;
            variants[variant] = variants.GetValueOrDefault(variant) + 1;
        }

        output.WriteLine($"200 users: {string.Join(", ", variants.Select(v => $"{v.Key}={v.Value}"))}");
        Assert.InRange(variants.GetValueOrDefault("on"), 40, 80);
        Assert.Equal(200, variants.GetValueOrDefault("on") + variants.GetValueOrDefault("off"));

        await console.GoAsync($"/console/projects/{project}/environments/prod");
        var row = console.Page.GetByTestId("flag-new-checkout");
        await row.GetByTestId("kill-switch").ClickAsync();
        var dialog = console.Page.GetByTestId("confirm-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await console.ScreenshotAsync("kill-switch-confirm");
        await dialog.GetByTestId("confirm").ClickAsync();
        await Assertions.Expect(row.GetByTestId("state")).ToHaveTextAsync("DISABLED");

        await WaitUntilServedAsync(project, key);
        var killed = await EvaluateAsync(device, "new-checkout", "user-1");
        Assert.Equal("DISABLED", killed.Body.GetProperty("reason").GetString());

        await console.GoAsync($"/console/projects/{project}/environments/prod/audit?flag=new-checkout");
        await Assertions.Expect(console.Page.GetByTestId("audit-entry")).ToHaveCountAsync(2);
        await Assertions.Expect(console.Page.GetByTestId("actor").First).ToHaveTextAsync("pm on call");
        await console.ScreenshotAsync("flag-history");
    }

    [ComponentFact(Component.Chromium)]
    public async Task Admin_creates_a_key_shown_once_and_a_revoked_key_gets_401_from_OFREP()
    {
        var project = ConsoleSilo.NewProject("keys");
        await Silo.PutFlagsAsync(project, "prod", """{"flags":{"banner":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}}}""");
        var witness = await Silo.CreateClientKeyAsync(project, "prod");
        var console = await ConsoleDriver.OpenAsync(_browser.Instance!, Silo.BaseUrl);

        await console.SignInAsync(ConsoleSilo.AdminToken);
        await console.GoAsync($"/console/projects/{project}/environments/prod/keys");
        await console.Page.GetByTestId("create-key").ClickAsync();
        var secret = await console.Page.GetByTestId("new-key-secret").InputValueAsync();
        Assert.StartsWith($"fgc.{project}.prod.", secret, StringComparison.Ordinal);
        await console.ScreenshotAsync("keys-created");

        await WaitUntilServedAsync(project, witness);
        using (var device = Silo.Device(secret))
        {
            Assert.Equal(HttpStatusCode.OK, (await EvaluateAsync(device, "banner", "u")).Status);
        }

        var keyId = secret.Split('.')[3];
        await console.Page.GetByTestId($"key-{keyId}").GetByTestId("revoke").ClickAsync();
        await console.Page.GetByTestId("confirm-dialog").GetByTestId("confirm").ClickAsync();
        await Assertions.Expect(console.Page.GetByTestId($"key-{keyId}")).ToContainTextAsync("revoked");

        await WaitUntilServedAsync(project, witness);
        using (var device = Silo.Device(secret))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await EvaluateAsync(device, "banner", "u")).Status);
        }

        // The secret was shown once: a reload shows the key's id only.
        await console.GoAsync($"/console/projects/{project}/environments/prod/keys");
        Assert.DoesNotContain(secret, await console.Page.ContentAsync(), StringComparison.Ordinal);
    }

    [ComponentFact(Component.Chromium)]
    public async Task Viewer_gets_no_edit_controls_and_a_revoked_editor_is_refused_by_the_server()
    {
        var project = ConsoleSilo.NewProject("view");
        await Silo.PutFlagsAsync(project, "prod", """{"flags":{"banner":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}}}""");
        var (_, viewerToken) = await Silo.CreateAdminTokenAsync("auditor", "viewer");
        var viewer = await ConsoleDriver.OpenAsync(_browser.Instance!, Silo.BaseUrl);

        await viewer.SignInAsync(viewerToken);
        await viewer.GoAsync($"/console/projects/{project}/environments/prod");
        await Assertions.Expect(viewer.Page.GetByTestId("flag-banner")).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Page.GetByTestId("kill-switch")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.Page.GetByRole(AriaRole.Link, new() { Name = "New flag" })).ToHaveCountAsync(0);
        await viewer.GoAsync($"/console/projects/{project}/environments/prod/flags/banner");
        await Assertions.Expect(viewer.Page.GetByText("Read-only")).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Page.GetByRole(AriaRole.Button, new() { Name = "Save" })).ToHaveCountAsync(0);

        // Typing the editor's address by hand offers no form either.
        await viewer.GoAsync($"/console/projects/{project}/environments/prod/new-flag");
        await Assertions.Expect(viewer.Page.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
        await viewer.GoAsync($"/console/projects/{project}/environments/prod/keys");
        await Assertions.Expect(viewer.Page.GetByTestId("create-key")).ToHaveCountAsync(0);
        await viewer.ScreenshotAsync("viewer-keys");

        // The server re-checks every action: an editor whose token is revoked while the page is open is refused.
        var (editorId, editorToken) = await Silo.CreateAdminTokenAsync("leaver", "editor");
        var editor = await ConsoleDriver.OpenAsync(_browser.Instance!, Silo.BaseUrl);
        await editor.SignInAsync(editorToken);
        await editor.GoAsync($"/console/projects/{project}/environments/prod");
        await editor.Page.GetByTestId("flag-banner").GetByTestId("kill-switch").ClickAsync();
        await Silo.RevokeAdminTokenAsync(editorId);
        await editor.Page.GetByTestId("confirm-dialog").GetByTestId("confirm").ClickAsync();
        // Polls the address rather than waiting for a navigation event: the redirect can commit before a waiter is
        // attached (CI once waited 30 s for a navigation that had already happened).
        await Assertions.Expect(editor.Page).ToHaveURLAsync(new Regex("/console/signin"));
        await Assertions.Expect(editor.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();

        using var admin = Silo.Admin();
        var flag = await admin.GetStringAsync($"admin/v1/projects/{project}/environments/prod/flags/banner");
        Assert.Contains("\"ENABLED\"", flag, StringComparison.Ordinal);
    }

    [ComponentFact(Component.Chromium)]
    public async Task Main_pages_fit_a_desktop_and_a_phone_without_horizontal_scrolling()
    {
        var project = ConsoleSilo.NewProject("size");
        const string staging = """
            {"flags":{
              "banner-color":{"state":"ENABLED","variants":{"red":"#d33","blue":"#33d"},"defaultVariant":"blue",
                "targeting":{"if":[{"sem_ver":[{"var":"appVersion"},">=","2.0.0"]},"red",null]}},
              "new-checkout":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off",
                "targeting":{"if":[{"in":[{"var":"targetingKey"},["alice","bob"]]},"on",{"fractional":[["on",30],["off",70]]}]}}}}
            """;
        await Silo.PutFlagsAsync(project, "staging", staging);
        await Silo.PutFlagsAsync(project, "prod", """{"flags":{"banner-color":{"state":"ENABLED","variants":{"red":"#d33","blue":"#33d"},"defaultVariant":"blue"}}}""");

        foreach (var (width, height, label) in new[] { (1280, 800, "desktop"), (390, 844, "phone") })
        {
            var console = await ConsoleDriver.OpenAsync(_browser.Instance!, Silo.BaseUrl, width, height);
            await console.SignInAsync(ConsoleSilo.AdminToken);
            var env = $"/console/projects/{project}/environments";
            var pages = new (string Name, string Path, Func<Task>? Act)[]
            {
                ("projects", "/console", null),
                ("flags", $"{env}/staging", null),
                ("editor", $"{env}/staging/flags/new-checkout", null),
                ("preview", $"{env}/staging/preview", async () =>
                {
                    await console.Page.GetByLabel("targetingKey (user id)").FillAsync("alice");
                    await console.Page.GetByTestId("evaluate").ClickAsync();
                    await Assertions.Expect(console.Page.GetByTestId("preview-new-checkout")).ToContainTextAsync("TARGETING_MATCH");
                }),
                ("history", $"{env}/staging/audit", null),
                ("releases", $"{env}/staging/releases?flag=new-checkout", null),
                ("keys", $"{env}/prod/keys", null),
                ("promote", $"{env}/prod/promote", async () =>
                {
                    await console.Page.GetByLabel("Copy from").SelectOptionAsync("staging");
                    await console.Page.GetByTestId("plan").ClickAsync();
                    await Assertions.Expect(console.Page.GetByText("2 changes from staging to prod")).ToBeVisibleAsync();
                }),
            };

            foreach (var (name, path, act) in pages)
            {
                await console.GoAsync(path);
                await Assertions.Expect(console.Page.Locator("h1")).ToBeVisibleAsync();
                if (act is not null) await act();
                var file = await console.ScreenshotAsync($"{name}-{label}");
                output.WriteLine($"screenshot: {file}");
                Assert.False(await console.OverflowsAsync(), $"{name} scrolls horizontally at {width}x{height}");
            }
        }

        output.WriteLine($"screenshots are in {Browser.ScreenshotFolder}");
    }

    /// <summary>
    /// Returns once OFREP serves the environment's current version: a bulk request carrying that version as a
    /// re-fetch hint waits on the silo's own publish signal, so no polling is needed.
    /// </summary>
    private async Task WaitUntilServedAsync(string project, string key)
    {
        using var admin = Silo.Admin();
        using var head = await admin.GetAsync($"admin/v1/projects/{project}/environments/prod/flags");
        var version = head.Headers.ETag!.Tag.Trim('"').TrimStart('v');
        using var device = Silo.Device(key);
        var response = await device.PostAsJsonAsync($"ofrep/v1/evaluate/flags?flagConfigEtag=%22v{version}%22", new { context = new { } });
        Assert.StartsWith($"\"{version}-", response.Headers.ETag?.Tag, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> EvaluateAsync(HttpClient device, string flag, string user)
    {
        var response = await device.PostAsJsonAsync($"ofrep/v1/evaluate/flags/{flag}", new { context = new { targetingKey = user } });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
