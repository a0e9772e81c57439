using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlagGrains.Testing.Components;
using Microsoft.Playwright;

namespace FlagGrains.AdminConsole.Tests.EndToEnd;

/// <summary>
/// Four eyes in the browser: an editor's kill switch in a governed environment opens a change request, the author
/// cannot approve it, another editor reviews the diff, comments and approves, and only then does the flag change.
/// </summary>
[Collection(ConsoleSiloCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChangeRequestInboxTests(ConsoleSiloFixture fixture) : IAsyncLifetime
{
    private const string Document = """
        {"flags":{"checkout":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}}}
        """;

    private readonly Browser _browser = new();

    private ConsoleSilo Silo => fixture.Silo;

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [ComponentFact(Component.Chromium)]
    public async Task An_editors_kill_switch_waits_in_the_inbox_until_another_editor_approves_it()
    {
        var project = ConsoleSilo.NewProject("cr");
        await Silo.PutFlagsAsync(project, "prod", Document);
        using (var admin = Silo.Admin())
        {
            var policy = await admin.PutAsJsonAsync($"admin/v1/projects/{project}/environments/prod/policy", new { requiredApprovals = 1 });
            Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        }

        var (_, authorToken) = await Silo.CreateAdminTokenAsync("ana on call", "editor");
        var (_, reviewerToken) = await Silo.CreateAdminTokenAsync("ravi reviewer", "editor");
        var inbox = $"/console/projects/{project}/environments/prod/change-requests";

        var author = await ConsoleDriver.OpenAsync(_browser.Instance!, Silo.BaseUrl);
        await author.SignInAsync(authorToken);
        await author.GoAsync($"/console/projects/{project}/environments/prod");
        await Assertions.Expect(author.Page.GetByTestId("governed")).ToBeVisibleAsync();
        var row = author.Page.GetByTestId("flag-checkout");
        await row.GetByTestId("kill-switch").ClickAsync();
        var dialog = author.Page.GetByTestId("confirm-dialog");
        await Assertions.Expect(dialog.GetByTestId("governed-kill-switch")).ToContainTextAsync("opens a change request");
        await dialog.GetByTestId("confirm").ClickAsync();
        await Assertions.Expect(author.Page.GetByTestId("opened-request")).ToContainTextAsync("Change request #1");
        await Assertions.Expect(row.GetByTestId("state")).ToHaveTextAsync("ENABLED");
        Assert.Equal("ENABLED", await StateAsync(project));

        await author.GoAsync($"{inbox}?id=1");
        await Assertions.Expect(author.Page.GetByTestId("request-1")).ToContainTextAsync("Change flag checkout");
        await Assertions.Expect(author.Page.GetByTestId("own-request")).ToBeVisibleAsync();
        await Assertions.Expect(author.Page.GetByTestId("approve")).ToHaveCountAsync(0);

        var reviewer = await ConsoleDriver.OpenAsync(_browser.Instance!, Silo.BaseUrl);
        await reviewer.SignInAsync(reviewerToken);
        await reviewer.GoAsync(inbox);
        await reviewer.Page.GetByTestId("request-1").GetByRole(AriaRole.Link).ClickAsync();
        var detail = reviewer.Page.GetByTestId("request-detail");
        await Assertions.Expect(detail.GetByTestId("author")).ToHaveTextAsync("ana on call");
        await Assertions.Expect(detail.GetByTestId("diff-item")).ToHaveCountAsync(1);
        await Assertions.Expect(detail.Locator(".line.added")).ToContainTextAsync("DISABLED");
        await reviewer.ScreenshotAsync("change-request-review");
        await detail.GetByTestId("comment").FillAsync("Confirmed with the on-call lead");
        await detail.GetByTestId("approve").ClickAsync();

        await Assertions.Expect(reviewer.Page.GetByTestId("notice")).ToContainTextAsync("was applied as version");
        await Assertions.Expect(detail.GetByTestId("detail-status")).ToHaveTextAsync("applied");
        await Assertions.Expect(detail.GetByTestId("review-comment")).ToHaveTextAsync("Confirmed with the on-call lead");
        Assert.Equal("DISABLED", await StateAsync(project));

        await reviewer.GoAsync($"{inbox}?status=all");
        await Assertions.Expect(reviewer.Page.GetByTestId("request-1").GetByTestId("request-status")).ToHaveTextAsync("applied");
        await reviewer.ScreenshotAsync("change-requests-inbox");
        await reviewer.Page.SetViewportSizeAsync(390, 844);
        Assert.False(await reviewer.OverflowsAsync(), "the inbox scrolls horizontally on a phone");
    }

    private async Task<string?> StateAsync(string project)
    {
        using var admin = Silo.Admin();
        var flag = await admin.GetStringAsync($"admin/v1/projects/{project}/environments/prod/flags/checkout");
        return JsonDocument.Parse(flag).RootElement.GetProperty("state").GetString();
    }
}
