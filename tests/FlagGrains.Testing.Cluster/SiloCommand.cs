using System.Diagnostics;

namespace FlagGrains.Testing.Cluster;

/// <summary>Runs one of the silo's one-off commands (<c>migrate</c>, <c>admin reset-token</c>) as an operator would.</summary>
public static class SiloCommand
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = SiloBinary.StartInfo([.. arguments]);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"`FlagGrains.Silo {string.Join(' ', arguments)}` did not finish within 60 s.");
            }
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
