using System.Net;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace FlagGrains.Silo.Tests.Hosting;

/// <summary>A generated first admin token reaches the operator once, never a log.</summary>
public sealed class AdminBootstrapTests
{
    [Fact]
    public async Task A_generated_first_token_is_written_to_an_owner_only_file_whose_path_alone_is_logged()
    {
        // Test hosts' standard output is a pipe, as a container's is: the token must not go there.
        Assert.True(Console.IsOutputRedirected, "this test needs standard output redirected, as under `dotnet test`");
        var tokenFile = Path.Combine(Path.GetTempPath(), "flaggrains-bootstrap-tests", Guid.NewGuid().ToString("N"), "admin-token");
        var logs = new SecretHygieneTests.CapturingLoggerProvider();
        await using var silo = new SiloFactory(logs: logs).WithWebHostBuilder(builder => builder
            .UseSetting("FlagGrains:Bootstrap:AdminToken", "")
            .UseSetting("FlagGrains:Bootstrap:TokenFile", tokenFile));
        silo.CreateClient().Dispose();

        var token = (await File.ReadAllTextAsync(tokenFile)).Trim();
        Assert.StartsWith("fga.", token, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        Assert.Contains(tokenFile, logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[^1], logs.Text, StringComparison.Ordinal);
        Assert.False(File.Exists(tokenFile + ".pending"));

        using var admin = silo.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/v1/tokens")).StatusCode);
    }
}
