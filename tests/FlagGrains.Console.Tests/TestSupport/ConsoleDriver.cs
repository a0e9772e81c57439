using Microsoft.Playwright;

namespace FlagGrains.AdminConsole.Tests.TestSupport;

/// <summary>Steps a person takes in the console, each waiting on what the page shows, never on time.</summary>
public sealed class ConsoleDriver(IPage page, Uri baseUrl)
{
    public IPage Page { get; } = page;

    public static async Task<ConsoleDriver> OpenAsync(IBrowser browser, Uri baseUrl, int width = 1280, int height = 800)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return new ConsoleDriver(page, baseUrl);
    }

    public async Task SignInAsync(string token)
    {
        await Page.GotoAsync(new Uri(baseUrl, "console/signin").ToString());
        await Page.GetByLabel("Admin token").FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitForCircuitAsync();
    }

    /// <summary>Opens a console page and returns once its circuit is connected (clicks before that reach nothing).</summary>
    public async Task GoAsync(string path)
    {
        await Page.GotoAsync(new Uri(baseUrl, path.TrimStart('/')).ToString());
        await WaitForCircuitAsync();
    }

    public Task WaitForCircuitAsync() => Page.Locator("html[data-circuit='ready']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(Browser.ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>True when the page is wider than the viewport (a horizontal scrollbar).</summary>
    public Task<bool> OverflowsAsync() =>
        Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
}
