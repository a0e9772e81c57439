using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Access;

/// <summary>
/// Every credential against every surface, with the exact status each must get. Each cell runs on a fresh
/// environment so a permitted write in one cell cannot change the outcome of another.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class AccessMatrixTests(SiloFixture silo)
{
    public enum Caller { None, Client, Server, RevokedClient, Viewer, Editor, Admin }

    private static readonly string[] Surfaces =
    [
        "ofrep-single", "ofrep-bulk", "stream", "server-flags",
        "list-projects", "get-flagset", "put-flagset", "get-flag", "put-flag", "delete-flag",
        "list-keys", "create-key", "revoke-key", "env-audit", "delete-environment",
        "admin-audit", "list-tokens", "create-token", "revoke-token",
        "list-releases", "create-release", "create-scheduled-change", "alertmanager",
        "get-policy", "put-policy", "list-change-requests", "put-lifecycle", "lifecycle-report", "list-webhooks", "create-webhook",
    ];

    public static TheoryData<Caller, string, int> Cells()
    {
        var data = new TheoryData<Caller, string, int>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            foreach (var surface in Surfaces) data.Add(caller, surface, Expected(caller, surface));
        }

        return data;
    }

    private static int Expected(Caller caller, string surface)
    {
        var environmentKey = caller is Caller.Client or Caller.Server;
        var role = caller switch { Caller.Viewer => 0, Caller.Editor => 1, Caller.Admin => 2, _ => -1 };
        return surface switch
        {
            "ofrep-single" or "ofrep-bulk" or "stream" => environmentKey ? 200 : 401,
            "server-flags" => caller == Caller.Server ? 200 : caller == Caller.Client ? 403 : 401,
            _ when role < 0 => 401,
            "list-projects" or "get-flagset" or "get-flag" or "list-keys" or "env-audit" or "list-releases" => 200,
            "create-release" or "create-scheduled-change" => role >= 1 ? 201 : 403,
            "alertmanager" => role >= 1 ? 200 : 403,
            "put-flagset" or "put-flag" => role >= 1 ? 200 : 403,
            "delete-flag" => role >= 1 ? 204 : 403,
            "create-key" => role >= 2 ? 201 : 403,
            "create-token" => role >= 2 ? 201 : 403,
            "revoke-key" or "delete-environment" or "revoke-token" => role >= 2 ? 204 : 403,
            "admin-audit" or "list-tokens" => role >= 2 ? 200 : 403,
            "get-policy" or "list-change-requests" or "lifecycle-report" => 200,
            "put-lifecycle" => role >= 1 ? 200 : 403,
            "put-policy" or "list-webhooks" => role >= 2 ? 200 : 403,
            "create-webhook" => role >= 2 ? 201 : 403,
            _ => throw new ArgumentOutOfRangeException(nameof(surface)),
        };
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Every_credential_gets_exactly_its_status_on_every_surface(Caller caller, string surface, int expected)
    {
        var world = await AccessWorld.CreateAsync(silo.Factory);
        using var client = silo.Factory.CreateClient();
        var credential = world.Credential(caller);
        if (credential is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", credential);

        using var response = await SendAsync(client, world, caller, surface);

        // The body is only read on a mismatch: an accepted event stream never ends.
        if ((int)response.StatusCode != expected)
            Assert.Fail($"{caller} × {surface}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, AccessWorld world, Caller caller, string surface)
    {
        var env = $"/admin/v1/projects/{world.Project}/environments/prod";
        const string flag = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""";
        return surface switch
        {
            "ofrep-single" => await client.PostAsJsonAsync("/ofrep/v1/evaluate/flags/dark-mode", new { context = new { targetingKey = "u1" } }),
            "ofrep-bulk" => await client.PostAsJsonAsync("/ofrep/v1/evaluate/flags", new { context = new { targetingKey = "u1" } }),
            "stream" => await client.GetAsync(await world.StreamPathAsync(caller), HttpCompletionOption.ResponseHeadersRead),
            "server-flags" => await client.GetAsync("/v1/flags"),
            "list-projects" => await client.GetAsync("/admin/v1/projects"),
            "get-flagset" => await client.GetAsync($"{env}/flags"),
            "put-flagset" => await client.PutAsync($"{env}/flags", Json(Documents.Mixed)),
            "get-flag" => await client.GetAsync($"{env}/flags/dark-mode"),
            "put-flag" => await client.PutAsync($"{env}/flags/new-flag", Json(flag)),
            "delete-flag" => await client.DeleteAsync($"{env}/flags/banner-color"),
            "list-keys" => await client.GetAsync($"{env}/keys"),
            "create-key" => await client.PostAsync($"{env}/keys", Json("""{"kind":"client"}""")),
            "revoke-key" => await client.DeleteAsync($"{env}/keys/{world.ClientKeyId}"),
            "env-audit" => await client.GetAsync($"{env}/audit"),
            "delete-environment" => await client.DeleteAsync(env),
            "admin-audit" => await client.GetAsync("/admin/v1/audit"),
            "list-tokens" => await client.GetAsync("/admin/v1/tokens"),
            "create-token" => await client.PostAsync("/admin/v1/tokens", Json("""{"name":"matrix","role":"viewer"}""")),
            "revoke-token" => await client.DeleteAsync($"/admin/v1/tokens/{world.SpareTokenId}"),
            "list-releases" => await client.GetAsync($"{env}/releases"),
            "create-release" => await client.PostAsync($"{env}/releases", Json("""{"flag":"dark-mode","variant":"on","baseline":"off","steps":[{"percent":5,"hold":"PT1H"},{"percent":100}]}""")),
            "create-scheduled-change" => await client.PostAsync($"{env}/scheduled-changes", Json($$$"""{"at":"{{{DateTimeOffset.UtcNow.AddDays(1):O}}}","flags":{"retired":null}}""")),
            "alertmanager" => await client.PostAsync("/admin/v1/alertmanager", Json("""{"version":"4","status":"firing","alerts":[]}""")),
            "get-policy" => await client.GetAsync($"{env}/policy"),
            "put-policy" => await client.PutAsync($"{env}/policy", Json("""{"requiredApprovals":0}""")),
            "list-change-requests" => await client.GetAsync($"{env}/change-requests"),
            "put-lifecycle" => await client.PutAsync($"{env}/flags/dark-mode/lifecycle", Json("""{"owner":"matrix"}""")),
            "lifecycle-report" => await client.GetAsync($"{env}/lifecycle-report"),
            "list-webhooks" => await client.GetAsync("/admin/v1/webhooks"),
            "create-webhook" => await client.PostAsync("/admin/v1/webhooks", Json($$"""{"url":"https://192.0.43.10/hook","events":["release.step"],"projects":["{{world.Project}}"]}""")),
            _ => throw new ArgumentOutOfRangeException(nameof(surface)),
        };
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A fresh environment with one key of each kind (one revoked) and one token of each role.</summary>
    private sealed class AccessWorld
    {
        private readonly SiloFactory _factory;
        private readonly Dictionary<Caller, string> _credentials = [];

        private AccessWorld(SiloFactory factory, string project)
        {
            _factory = factory;
            Project = project;
        }

        public string Project { get; }

        public string ClientKeyId { get; private set; } = "";

        public string SpareTokenId { get; private set; } = "";

        public string? Credential(Caller caller) => _credentials.GetValueOrDefault(caller);

        public static async Task<AccessWorld> CreateAsync(SiloFactory factory)
        {
            var world = new AccessWorld(factory, Environments.NewProject());
            using var admin = factory.CreateAdminClient();
            Assert.Equal(HttpStatusCode.OK, (await admin.PutFlagsAsync(world.Project, "prod", Documents.Mixed)).StatusCode);
            var client = await admin.CreateKeyAsync(world.Project, "prod");
            world._credentials[Caller.Client] = client;
            world.ClientKeyId = client.Split('.')[3];
            world._credentials[Caller.Server] = await admin.CreateKeyAsync(world.Project, "prod", "server");
            var revoked = await admin.CreateKeyAsync(world.Project, "prod");
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/admin/v1/projects/{world.Project}/environments/prod/keys/{revoked.Split('.')[3]}")).StatusCode);
            world._credentials[Caller.RevokedClient] = revoked;
            foreach (var (caller, role) in new[] { (Caller.Viewer, "viewer"), (Caller.Editor, "editor"), (Caller.Admin, "admin") })
            {
                world._credentials[caller] = (await CreateTokenAsync(admin, role)).Token;
            }

            world.SpareTokenId = (await CreateTokenAsync(admin, "viewer")).Id;
            await world.WaitUntilServedAsync(admin);
            return world;
        }

        /// <summary>A stream URL as a device would get it: from its bulk response. Callers who get none try without a token.</summary>
        public async Task<string> StreamPathAsync(Caller caller)
        {
            var key = caller is Caller.Client or Caller.Server ? _credentials[caller] : null;
            if (key is null) return "/ofrep/v1/event-stream";

            using var device = _factory.CreateKeyClient(key);
            using var bulk = await device.EvaluateAllAsync(new { targetingKey = "u1" });
            using var body = JsonDocument.Parse(await bulk.Content.ReadAsStringAsync());
            return new Uri(body.RootElement.GetProperty("eventStreams")[0].GetProperty("url").GetString()!).PathAndQuery;
        }

        private static async Task<(string Id, string Token)> CreateTokenAsync(HttpClient admin, string role)
        {
            var response = await admin.PostAsJsonAsync("/admin/v1/tokens", new { name = $"matrix-{role}", role });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (body.RootElement.GetProperty("tokenId").GetString()!, body.RootElement.GetProperty("token").GetString()!);
        }

        /// <summary>
        /// Returns once the gateway serves the environment's current version, the one holding the revocation: a bulk
        /// request hinting that version waits on the silo's own publish signal, so no clock is involved.
        /// </summary>
        private async Task WaitUntilServedAsync(HttpClient admin)
        {
            using var head = await admin.GetAsync($"/admin/v1/projects/{Project}/environments/prod/flags");
            var version = head.Headers.ETag!.Tag.Trim('"').TrimStart('v');
            using var device = _factory.CreateKeyClient(_credentials[Caller.Client]);
            using var bulk = await device.PostAsJsonAsync($"/ofrep/v1/evaluate/flags?flagConfigEtag=%22v{version}%22", new { context = new { targetingKey = "u1" } });
            Assert.StartsWith($"\"{version}-", bulk.Headers.ETag?.Tag, StringComparison.Ordinal);
        }
    }
}
