using System.Net;
using System.Text.Json;
using FlagGrains.Silo.Tests.Cluster.Support;
using Xunit.Abstractions;
using FlagGrains.Testing.Cluster;
using FlagGrains.Testing;

namespace FlagGrains.Silo.Tests.Hosting;

/// <summary>
/// <c>FlagGrains.Silo admin reset-token</c>: with database access alone, an operator locked out gets a new admin token,
/// which a running silo honours within seconds and records in the admin audit log.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ResetTokenCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_break_glass_token_works_on_a_running_silo_and_is_audited()
    {
        var folder = Path.Combine(Path.GetTempPath(), "flaggrains-reset-token", Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "silo.db");
        await using var silo = SiloProcess.Start("reset-token", SingleSiloSettings.For(database), folder);
        await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        var storage = new Dictionary<string, string> { ["FlagGrains__Storage__SqlitePath"] = database };

        // Standard output here is a pipe, as it would be into a log: the command refuses to print the token there.
        var refused = await SiloCommand.RunAsync(["admin", "reset-token"], storage);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--output", refused.Stderr, StringComparison.Ordinal);

        var tokenFile = Path.Combine(folder, "recovered-token");
        var (exitCode, stdout, stderr) = await SiloCommand.RunAsync(["admin", "reset-token", "--output", tokenFile], storage);
        output.WriteLine(stdout + stderr);
        Assert.Equal(0, exitCode);
        var token = (await File.ReadAllTextAsync(tokenFile)).Trim();
        Assert.DoesNotContain(token, stdout + stderr, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));

        using var recovered = new HttpClient { BaseAddress = silo.BaseAddress };
        recovered.DefaultRequestHeaders.Authorization = new("Bearer", token);
        try
        {
            await Poll.UntilAsync("the break-glass token is accepted", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250),
                async () => (await recovered.GetAsync("/admin/v1/tokens")).StatusCode == HttpStatusCode.OK);

            using var audit = JsonDocument.Parse(await recovered.GetStringAsync("/admin/v1/audit"));
            var entry = Assert.Single(audit.RootElement.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "token.recover");
            Assert.Equal("break-glass", entry.GetProperty("actor").GetProperty("id").GetString());
            Assert.Contains("admin reset-token by", entry.GetProperty("actor").GetProperty("name").GetString(), StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(silo.LogTail());
            throw;
        }
    }
}
