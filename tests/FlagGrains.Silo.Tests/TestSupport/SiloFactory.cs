using FlagGrains.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Silo.Tests.TestSupport;

/// <summary>
/// A real single silo (Orleans + SQLite file + HTTP) in the test process. Pass a database path to start a second
/// silo on the same data, as a restart would.
/// </summary>
public sealed class SiloFactory(string? databasePath = null, ILoggerProvider? logs = null, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-token-0123456789-abcdef";

    public string DatabasePath { get; } = databasePath ?? Path.Combine(Path.GetTempPath(), "flaggrains-tests", $"{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FlagGrains:Storage:SqlitePath", DatabasePath);
        if (logs is not null)
        {
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        }

        builder.UseSetting("FlagGrains:Cluster:SiloPort", FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("FlagGrains:Cluster:GatewayPort", FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("FlagGrains:Bootstrap:AdminToken", AdminToken);

        // Tests drive far more admin calls per second than a person; the limiter has its own tests.
        builder.UseSetting("FlagGrains:RateLimits:PerAdminTokenPerSecond", "0");
        builder.UseSetting("FlagGrains:RateLimits:PerAddressPerSecond", "0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        return client;
    }

    public HttpClient CreateKeyClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }
}
