using System.Diagnostics;
using FlagGrains.Mobile.Tests.TestSupport;
using FlagGrains.Testing.Components;
using Xunit.Abstractions;

namespace FlagGrains.Mobile.Tests.Interop;

/// <summary>
/// The official <c>@openfeature/web-sdk</c> with <c>@openfeature/ofrep-web-provider</c> against a real silo: initial
/// bulk fetch, typed values, 304 polls, and a change heard on the event stream (tests/interop-node).
/// </summary>
public sealed class OfficialWebProviderInteropTests(ITestOutputHelper output)
{
    [ComponentFact(Component.NodeInterop)]
    public async Task The_official_ofrep_web_provider_works_against_a_silo()
    {
        TestComponents.Require(Component.NodeInterop);
        var expected = NodeInterop.ExpectedTests();
        await using var silo = await KestrelSilo.StartAsync();
        var start = new ProcessStartInfo("node", "--test --test-reporter=spec")
        {
            WorkingDirectory = NodeInterop.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["FLAGGRAINS_BASE_URL"] = silo.BaseUrl.AbsoluteUri.TrimEnd('/'),
                ["FLAGGRAINS_ADMIN_TOKEN"] = KestrelSilo.AdminToken,
                ["NO_COLOR"] = "1",
            },
        };

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"node --test did not finish in 2 minutes:\n{await stdout}\n{await stderr}");
        }

        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.True(node.ExitCode == 0, $"node --test failed (exit {node.ExitCode}):\n{await stdout}\n{await stderr}");
        Assert.True(NodeInterop.Shortfall(await stdout, expected) is null, $"{NodeInterop.Shortfall(await stdout, expected)}\n{await stdout}");
    }
}
