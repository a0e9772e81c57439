using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing;
using Xunit.Abstractions;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Apis.Http;

/// <summary>
/// With <c>FlagGrains:Http:AdminUrls</c> the control plane (console, admin API, metrics, dashboard, OpenAPI) answers
/// only on the internal listener and the data plane only on the public one; health answers on both.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class AdminListenerTests(ITestOutputHelper output)
{
    private static readonly string[] ControlPlane =
        ["/console/signin", "/admin/v1/projects", "/metrics", "/dashboard/", "/openapi/v1.json", "/_framework/blazor.web.js"];

    [Fact]
    public async Task Control_plane_paths_answer_on_the_admin_listener_only_and_the_data_plane_on_the_public_one_only()
    {
        var adminPort = FreeTcpPort.Next();
        var folder = Path.Combine(Path.GetTempPath(), "flaggrains-admin-listener", Guid.NewGuid().ToString("N"));
        await using var silo = SiloProcess.Start("admin-listener", SingleSiloSettings.For(Path.Combine(folder, "silo.db"), new Dictionary<string, string?>
        {
            ["FlagGrains__Http__AdminUrls"] = $"http://127.0.0.1:{adminPort}",
        }), folder);
        await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        using var publicListener = new HttpClient { BaseAddress = silo.BaseAddress };
        using var adminListener = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}") };
        foreach (var client in new[] { publicListener, adminListener })
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", SingleSiloSettings.AdminToken);
        }

        try
        {
            // The admin API works on its listener: an environment and a client key for the data-plane checks.
            Assert.Equal(HttpStatusCode.OK, (await adminListener.PutFlagsAsync("listeners", "prod", Documents.Mixed)).StatusCode);
            var created = await adminListener.PostAsJsonAsync("/admin/v1/projects/listeners/environments/prod/keys", new { kind = "client" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var key = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;

            foreach (var path in ControlPlane)
            {
                Assert.Equal((path, HttpStatusCode.NotFound), (path, (await publicListener.GetAsync(path)).StatusCode));
                Assert.Equal((path, HttpStatusCode.OK), (path, (await adminListener.GetAsync(path)).StatusCode));
            }

            Assert.Equal(HttpStatusCode.OK, (await Evaluate(publicListener, key)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Evaluate(adminListener, key)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await publicListener.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await adminListener.GetAsync("/health/ready")).StatusCode);
        }
        catch
        {
            output.WriteLine(silo.LogTail());
            throw;
        }
    }

    private static Task<HttpResponseMessage> Evaluate(HttpClient listener, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ofrep/v1/evaluate/flags") { Content = JsonContent.Create(new { context = new { targetingKey = "u1" } }) };
        request.Headers.Authorization = new("Bearer", key);
        return listener.SendAsync(request);
    }
}
