using System.Diagnostics;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// Runs <c>FlagGrains.Silo migrate</c> as an operator's deploy job would, so every cluster test also proves that the
/// explicit schema step works on a fresh database.
/// </summary>
public static class MigrateSubcommand
{
    public static async Task<string> RunAsync(string connectionString)
    {
        var start = SiloBinary.StartInfo("migrate");
        start.Environment["FlagGrains__Storage__Provider"] = "PostgreSql";
        start.Environment["FlagGrains__Storage__ConnectionString"] = connectionString;

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
                throw new TimeoutException("`FlagGrains.Silo migrate` did not finish within 60 s.");
            }
        }

        var output = (await stdout + await stderr).Trim();
        Assert.True(process.ExitCode == 0, $"`FlagGrains.Silo migrate` exited with {process.ExitCode}: {output}");
        return output;
    }
}
