using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlagGrains.Testing.Components;
using Microsoft.Playwright;

namespace FlagGrains.AdminConsole.Tests.EndToEnd;

/// <summary>The Releases page in a real browser against a real silo: what the page shows is what the release grain did.</summary>
[Collection(ConsoleSiloCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReleasesInBrowserTests(ConsoleSiloFixture fixture) : IAsyncLifetime
{
    private const string Flags = """
        {"flags":{"new-checkout":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off",
          "targeting":{"if":[{"in":[{"var":"targetingKey"},["staff-1"]]},"on"]}}}}
        """;

    private readonly Browser _browser = new();

    private ConsoleSilo Silo => fixture.Silo;

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [ComponentFact(Component.Chromium)]
    public async Task An_editor_starts_a_release_from_the_flag_watches_its_steps_live_then_pauses_resumes_and_rolls_one_back()
    {
        var project = ConsoleSilo.NewProject("rel");
        await Silo.PutFlagsAsync(project, "prod", Flags);
        var key = await Silo.CreateClientKeyAsync(project, "prod");
        var changeId = await ScheduleChangeAsync(project);
        await EvaluateAsync(key, users: 30);
        var (_, editorToken) = await Silo.CreateAdminTokenAsync("release manager", "editor");
        var console = await ConsoleDriver.OpenAsync(_browser.Instance!, Silo.BaseUrl);
        await console.SignInAsync(editorToken);

        // The flag's page lists its scheduled change and charts its evaluations per variant.
        var flagPage = $"/console/projects/{project}/environments/prod/flags/new-checkout";
        await console.GoAsync(flagPage);
        await Assertions.Expect(console.Page.GetByTestId($"scheduled-{changeId}")).ToContainTextAsync("scheduled");
        await WaitForChartAsync(console, flagPage);
        await console.ScreenshotAsync("flag-with-schedule-and-chart");

        // From the flag to a release: two steps, the first held for three seconds, the last ending the release.
        await console.Page.GetByTestId("start-release-link").ClickAsync();
        await console.WaitForCircuitAsync();
        await Assertions.Expect(console.Page.GetByLabel("Flag", new() { Exact = true })).ToHaveValueAsync("new-checkout");
        await Assertions.Expect(console.Page.GetByLabel("Roll out variant", new() { Exact = true })).ToHaveValueAsync("on");
        await Assertions.Expect(console.Page.GetByLabel("Everyone else gets", new() { Exact = true })).ToHaveValueAsync("off");
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Remove step 3" }).ClickAsync();
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Remove step 3" }).ClickAsync();
        await console.Page.Locator("#step0-percent").FillAsync("10");
        await console.Page.Locator("#step0-hold").FillAsync("3");
        await console.Page.Locator("#step0-unit").SelectOptionAsync("Seconds");
        await console.Page.Locator("#step1-percent").FillAsync("100");
        await console.Page.Locator("#step1-hold").FillAsync("");
        await console.ScreenshotAsync("release-new");
        await console.Page.GetByTestId("start-release").ClickAsync();

        // The detail page follows the release by itself: step 1 now, step 2 three seconds later, no reload.
        await Assertions.Expect(console.Page.GetByRole(AriaRole.Heading, new() { Name = "Release of new-checkout", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(console.Page.GetByTestId("step-1")).ToHaveAttributeAsync("data-state", "current");
        await console.ScreenshotAsync("release-running");
        await Assertions.Expect(console.Page.GetByTestId("release-status").First).ToHaveTextAsync("completed", new() { Timeout = 30_000 });
        await Assertions.Expect(console.Page.GetByTestId("step-2")).ToHaveAttributeAsync("data-state", "done");
        await Assertions.Expect(console.Page.GetByTestId("release-summary")).ToContainTextAsync("100 %");

        // A second release of the same flag (the first ended): paused, resumed, then rolled back after a confirmation.
        await console.GoAsync($"/console/projects/{project}/environments/prod/releases?flag=new-checkout");
        await console.Page.GetByTestId("start-release").ClickAsync();
        await Assertions.Expect(console.Page.GetByTestId("release-summary")).ToContainTextAsync("5 %");
        await console.Page.GetByTestId("pause").ClickAsync();
        await Assertions.Expect(console.Page.GetByTestId("release-status").First).ToHaveTextAsync("paused");
        await Assertions.Expect(console.Page.GetByTestId("next-step")).ToHaveCountAsync(0);
        await console.Page.GetByTestId("resume").ClickAsync();
        await Assertions.Expect(console.Page.GetByTestId("release-status").First).ToHaveTextAsync("running");
        await console.Page.GetByTestId("rollback").ClickAsync();
        var dialog = console.Page.GetByTestId("confirm-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await console.ScreenshotAsync("release-rollback-confirm");
        await dialog.GetByTestId("confirm").ClickAsync();
        await Assertions.Expect(console.Page.GetByTestId("release-status").First).ToHaveTextAsync("rolled-back");
        await Assertions.Expect(console.Page.GetByTestId("release-reason")).ToContainTextAsync("rolled back by release manager");
        await Assertions.Expect(console.Page.GetByTestId("release-history")).ToContainTextAsync("resumed");
        await console.ScreenshotAsync("release-rolled-back");

        // What devices get after the rollback: the baseline, except where a rule in front decides.
        using var admin = Silo.Admin();
        var flag = await admin.GetStringAsync($"admin/v1/projects/{project}/environments/prod/flags/new-checkout");
        Assert.Contains("\"staff-1\"", flag, StringComparison.Ordinal);
        Assert.Contains("[\"on\",0]", flag.Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);

        await console.GoAsync($"/console/projects/{project}/environments/prod/releases");
        await Assertions.Expect(console.Page.GetByTestId("releases").Locator("tbody tr")).ToHaveCountAsync(2);
        await console.ScreenshotAsync("releases-list");
    }

    private async Task<string> ScheduleChangeAsync(string project)
    {
        using var admin = Silo.Admin();
        var at = DateTimeOffset.UtcNow.AddDays(3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var response = await admin.PostAsync($"admin/v1/projects/{project}/environments/prod/scheduled-changes",
            new StringContent($$$"""{"at":"{{{at}}}","flags":{"new-checkout":null}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    private async Task EvaluateAsync(string key, int users)
    {
        using var device = Silo.Device(key);
        for (var user = 0; user < users; user++)
        {
            var response = await device.PostAsJsonAsync("ofrep/v1/evaluate/flags/new-checkout", new { context = new { targetingKey = user == 0 ? "staff-1" : $"user-{user}" } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>Usage reaches the chart when the gateway flushes (every 2 s in these tests): reload until it shows.</summary>
    private static async Task WaitForChartAsync(ConsoleDriver console, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await console.Page.GetByTestId("usage-chart").Locator("polyline[data-variant='off']").CountAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The flag's evaluations never appeared in its chart.");
            await Task.Delay(500);
            await console.GoAsync(path);
        }

        await Assertions.Expect(console.Page.GetByTestId("usage-chart").Locator(".legend")).ToContainTextAsync("off 29");
    }
}
