using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlagGrains.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FlagGrains.Mobile.Tests.TestSupport;

/// <summary>
/// A real silo (Orleans, SQLite, HTTP) on a loopback port: the SDK and node talk to it over real sockets, so a stream
/// behaves as on a device and stopping the silo really refuses connections.
/// </summary>
public sealed class KestrelSilo : WebApplicationFactory<Program>
{
    public const string AdminToken = "mobile-tests-admin-token-0123456789";

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), "flaggrains-tests", $"{Guid.NewGuid():N}.db");

    public KestrelSilo()
    {
        UseKestrel(Port);
    }

    public int Port { get; } = FreeTcpPort.Next();

    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public static async Task<KestrelSilo> StartAsync()
    {
        var silo = new KestrelSilo();
        await Task.Run(silo.StartServer);
        return silo;
    }

    public HttpClient Admin() => new() { BaseAddress = BaseUrl, DefaultRequestHeaders = { Authorization = new("Bearer", AdminToken) } };

    /// <summary>Stores a flag set; returns the new version.</summary>
    public async Task<long> PutFlagsAsync(string project, string document)
    {
        using var admin = Admin();
        var response = await admin.PutAsync($"admin/v1/projects/{project}/environments/prod/flags", new StringContent(document, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("version").GetInt64();
    }

    /// <summary>
    /// Returns once the silo serves <paramref name="version"/>: a bulk request with the version as a re-fetch hint
    /// waits on the silo's own publish signal, so the test needs no polling.
    /// </summary>
    public async Task WaitUntilServedAsync(string key, long version)
    {
        using var device = new HttpClient { BaseAddress = BaseUrl, DefaultRequestHeaders = { Authorization = new("Bearer", key) } };
        var response = await device.PostAsJsonAsync($"ofrep/v1/evaluate/flags?flagConfigEtag=%22v{version}%22", new { context = new { } });
        Assert.StartsWith($"\"{version}-", response.Headers.ETag?.Tag, StringComparison.Ordinal);
    }

    /// <summary>A new environment with <paramref name="document"/>; returns its project and a client key.</summary>
    public async Task<(string Project, string Key)> CreateEnvironmentAsync(string document)
    {
        var project = $"m-{Guid.NewGuid():N}"[..20];
        await PutFlagsAsync(project, document);
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync($"admin/v1/projects/{project}/environments/prod/keys", new { kind = "client" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (project, body.RootElement.GetProperty("key").GetString()!);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("FlagGrains:Storage:SqlitePath", _databasePath);
        builder.UseSetting("FlagGrains:Cluster:SiloPort", FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("FlagGrains:Cluster:GatewayPort", FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("FlagGrains:Bootstrap:AdminToken", AdminToken);
    }
}
