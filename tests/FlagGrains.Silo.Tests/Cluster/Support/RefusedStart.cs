using System.Diagnostics;
using FlagGrains.Testing;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// Runs a silo process that is expected to refuse to start, and holds it to the promise: exit code 2, one line
/// "FlagGrains cannot start: …" naming the cause, no stack trace, within a bounded time.
/// </summary>
public static class RefusedStart
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>Asserts the refusal and returns its line and the whole output. <paramref name="adjust"/> edits the silo's environment first.</summary>
    public static async Task<(string Line, string Output)> AssertRefusedAsync(SiloSettings settings, string expected, Action<string> log, Action<Dictionary<string, string>>? adjust = null)
    {
        var (exitCode, text) = await RunAsync(settings, adjust);
        log($"exit {exitCode}\n{text}");

        Assert.Equal(2, exitCode);
        var refusal = Assert.Single(text.Split('\n'), line => line.Contains("FlagGrains cannot start", StringComparison.Ordinal));
        Assert.Contains(expected, refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return (refusal.Trim(), text);
    }

    private static async Task<(int ExitCode, string Text)> RunAsync(SiloSettings settings, Action<Dictionary<string, string>>? adjust)
    {
        var start = SiloBinary.StartInfo();
        var environment = settings.ToEnvironment(FreeTcpPort.Next(), FreeTcpPort.Next(), FreeTcpPort.Next());
        adjust?.Invoke(environment);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The silo neither started nor refused within {Bound.TotalSeconds:0} s.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
