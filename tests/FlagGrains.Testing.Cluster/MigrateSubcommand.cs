using Xunit;

namespace FlagGrains.Testing.Cluster;

/// <summary>
/// Runs <c>FlagGrains.Silo migrate</c> as an operator's deploy job would, so every cluster test also proves that the
/// explicit schema step works on a fresh database.
/// </summary>
public static class MigrateSubcommand
{
    public static async Task<string> RunAsync(string connectionString)
    {
        var (exitCode, stdout, stderr) = await SiloCommand.RunAsync(["migrate"], new Dictionary<string, string>
        {
            ["FlagGrains__Storage__Provider"] = "PostgreSql",
            ["FlagGrains__Storage__ConnectionString"] = connectionString,
        });

        var output = (stdout + stderr).Trim();
        Assert.True(exitCode == 0, $"`FlagGrains.Silo migrate` exited with {exitCode}: {output}");
        return output;
    }
}
