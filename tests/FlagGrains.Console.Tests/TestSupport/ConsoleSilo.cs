using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlagGrains.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FlagGrains.AdminConsole.Tests.TestSupport;

/// <summary>
/// A real silo (Orleans, SQLite, HTTP) on a loopback port with the console: the browser, the admin API and OFREP
/// requests all reach it over real sockets.
/// </summary>
public sealed class ConsoleSilo : WebApplicationFactory<Program>
{
    public const string AdminToken = "console-tests-admin-token-0123456789";

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), "flaggrains-tests", $"{Guid.NewGuid():N}.db");

    public ConsoleSilo()
    {
        UseKestrel(Port);
    }

    public int Port { get; } = FreeTcpPort.Next();

    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public HttpClient Admin() => new() { BaseAddress = BaseUrl, DefaultRequestHeaders = { Authorization = new("Bearer", AdminToken) } };

    public HttpClient Device(string key) => new() { BaseAddress = BaseUrl, DefaultRequestHeaders = { Authorization = new("Bearer", key) } };

    /// <summary>A fresh project name, so tests sharing the silo never see each other's flags.</summary>
    public static string NewProject(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    /// <summary>Stores a whole flag set through the admin API.</summary>
    public async Task PutFlagsAsync(string project, string environment, string document)
    {
        using var admin = Admin();
        var response = await admin.PutAsync($"admin/v1/projects/{project}/environments/{environment}/flags", new StringContent(document, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Creates an admin token with a role; returns its id and secret.</summary>
    public async Task<(string Id, string Token)> CreateAdminTokenAsync(string name, string role)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("admin/v1/tokens", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("tokenId").GetString()!, body.RootElement.GetProperty("token").GetString()!);
    }

    public async Task RevokeAdminTokenAsync(string tokenId)
    {
        using var admin = Admin();
        var response = await admin.DeleteAsync($"admin/v1/tokens/{tokenId}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public async Task<string> CreateClientKeyAsync(string project, string environment)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync($"admin/v1/projects/{project}/environments/{environment}/keys", new { kind = "client" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("key").GetString()!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FlagGrains:Storage:SqlitePath", _databasePath);
        builder.UseSetting("FlagGrains:Cluster:SiloPort", FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("FlagGrains:Cluster:GatewayPort", FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("FlagGrains:Bootstrap:AdminToken", AdminToken);

        // A browser loads a page's assets in a burst; the limiter has its own tests.
        builder.UseSetting("FlagGrains:RateLimits:PerAdminTokenPerSecond", "0");
        builder.UseSetting("FlagGrains:RateLimits:PerAddressPerSecond", "0");

        // Evaluation charts read flushed usage; a minute's wait (the default) would make a chart test sit idle.
        builder.UseSetting("FlagGrains:Analytics:FlushInterval", "00:00:02");
    }
}
