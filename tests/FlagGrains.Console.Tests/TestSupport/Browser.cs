using FlagGrains.Testing.Components;
using Microsoft.Playwright;

namespace FlagGrains.AdminConsole.Tests.TestSupport;

/// <summary>
/// Debian's Chromium driven by Playwright; browsers are never downloaded. Tests that use it are marked
/// <c>[ComponentFact(Component.Chromium)]</c>, so without /usr/bin/chromium they are skipped (failed under CI=true).
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private static readonly string[] LaunchArguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser? Instance { get; private set; }

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "console-screenshots");

    public async Task InitializeAsync()
    {
        // Skipped tests still construct their class; only a test that runs needs the browser.
        if (!TestComponents.ShouldRun(Component.Chromium)) return;
        TestComponents.Require(Component.Chromium);

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Browsers.ChromiumPath,
            Headless = true,
            Args = LaunchArguments,
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        if (Instance is not null) await Instance.DisposeAsync();
        _playwright?.Dispose();
    }
}
