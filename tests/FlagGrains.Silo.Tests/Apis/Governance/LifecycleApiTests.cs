using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Analytics;
using FlagGrains.Grains.Analytics;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FlagGrains.Silo.Tests.Apis.Governance;

[Collection(SiloCollection.Name)]
public sealed class LifecycleApiTests(SiloFixture fixture)
{
    private const string OwnerCanary = "owner-canary-3f9a@example.org";
    private const string DescriptionCanary = "description-canary-81d2";

    private readonly HttpClient _admin = fixture.Factory.CreateAdminClient();

    [Fact]
    public async Task Flags_are_filtered_by_tag_owner_and_expiry()
    {
        var project = Environments.NewProject();
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutFlagsAsync(project, "prod", Documents.Mixed)).StatusCode);
        var editor = await fixture.Factory.CreateTokenAsync("editor", "lifecycle-editor");
        await SetAsync(editor.Client, project, "dark-mode", new { owner = "team-ui", tags = new[] { "ui", "experiment" }, temporary = true, expiresAt = "2020-01-31" });
        await SetAsync(editor.Client, project, "banner-color", new { owner = "Team-Growth", tags = new[] { "ui" }, expiresAt = "2999-12-31T23:00:00+01:00" });
        await SetAsync(editor.Client, project, "max-items", new { owner = "team-growth", description = "Cart size cap", tags = new[] { "cart" } });

        var flags = $"/admin/v1/projects/{project}/environments/prod/flags";
        Assert.Equal(new[] { "banner-color", "dark-mode" }, await KeysAsync($"{flags}?tag=ui"));
        Assert.Equal(new[] { "banner-color", "max-items" }, await KeysAsync($"{flags}?owner=team-growth"));
        Assert.Equal(new[] { "dark-mode" }, await KeysAsync($"{flags}?expired=true"));
        Assert.Equal(new[] { "banner-color", "max-items", "retired" }, await KeysAsync($"{flags}?expired=false"));
        Assert.Equal(new[] { "banner-color" }, await KeysAsync($"{flags}?tag=ui&expired=false"));
        Assert.Empty(await KeysAsync($"{flags}?owner=nobody"));

        var banner = await (await _admin.GetAsync($"{flags}/banner-color/lifecycle")).JsonAsync(HttpStatusCode.OK);
        Assert.True(banner.GetProperty("temporary").GetBoolean());
        Assert.Equal(new DateTimeOffset(2999, 12, 31, 22, 0, 0, TimeSpan.Zero), banner.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal("lifecycle-editor", banner.GetProperty("updatedBy").GetString());

        // Without a filter the same path still exports the flagd document verbatim.
        Assert.Equal(Documents.Mixed, await _admin.GetStringAsync(flags));
    }

    [Fact]
    public async Task The_report_lists_expired_stale_and_never_evaluated_flags_with_their_owners()
    {
        var project = Environments.NewProject();
        using var device = fixture.Factory.CreateKeyClient(await _admin.CreateWithKeyAsync(project, "prod", Documents.Mixed));
        await SetAsync(_admin, project, "dark-mode", new { owner = "team-ui", expiresAt = "2021-06-01" });
        await SetAsync(_admin, project, "max-items", new { owner = "team-cart" });
        await SetAsync(_admin, project, "retired", new { owner = "team-cart" });
        Assert.Equal(HttpStatusCode.OK, (await device.EvaluateAsync("banner-color", new { targetingKey = "u1" })).StatusCode);
        await fixture.Factory.Services.GetRequiredService<UsageFlusher>().FlushAsync(GrainKeys.Environment(project, "prod"));

        // Twenty days ago (inside the 30-day usage retention) is older than any test could run; only the usage grain can
        // say so, so it is told directly.
        var longAgo = DateTimeOffset.UtcNow.AddDays(-20);
        var hour = new DateTimeOffset(longAgo.Year, longAgo.Month, longAgo.Day, longAgo.Hour, 0, 0, TimeSpan.Zero);
        await fixture.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IFlagUsageGrain>(GrainKeys.Environment(project, "prod"))
            .RecordAsync(new UsageBatch(Guid.NewGuid().ToString("N"), [new UsageCount("max-items", "few", hour, 3, longAgo)]));

        var report = await (await _admin.GetAsync($"/admin/v1/projects/{project}/environments/prod/lifecycle-report?staleDays=10")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(new[] { "dark-mode" }, Keys(report.GetProperty("expired")));
        Assert.Equal(new[] { "max-items" }, Keys(report.GetProperty("stale")));
        Assert.Equal(new[] { "dark-mode", "retired" }, Keys(report.GetProperty("neverEvaluated")));
        Assert.Equal("team-cart", report.GetProperty("stale")[0].GetProperty("owner").GetString());
        var owners = report.GetProperty("owners").EnumerateArray().ToDictionary(o => o.GetProperty("owner").GetString()!);
        Assert.Equal(new[] { "max-items" }, owners["team-cart"].GetProperty("stale").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(new[] { "retired" }, owners["team-cart"].GetProperty("neverEvaluated").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(new[] { "dark-mode" }, owners["team-ui"].GetProperty("expired").EnumerateArray().Select(k => k.GetString()));

        var flags = $"/admin/v1/projects/{project}/environments/prod/flags";
        Assert.Equal(new[] { "max-items" }, await KeysAsync($"{flags}?usage=stale&staleDays=10"));
        Assert.Equal(new[] { "banner-color" }, await KeysAsync($"{flags}?usage=recent&staleDays=10"));
    }

    [Fact]
    public async Task Devices_never_receive_owners_tags_or_descriptions()
    {
        var project = Environments.NewProject();
        const string withMetadata = """
            {"metadata":{"team":"mobile"},"flags":{"promo":{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on","metadata":{"ticket":"PROMO-1"}}}}
            """;
        var clientKey = await _admin.CreateWithKeyAsync(project, "prod", withMetadata);
        var serverKey = await _admin.CreateKeyAsync(project, "prod", "server");
        await SetAsync(_admin, project, "promo", new { owner = OwnerCanary, tags = new[] { "tag-canary-77" }, description = DescriptionCanary, expiresAt = "2020-01-01" });
        using var device = fixture.Factory.CreateKeyClient(clientKey);
        using var server = fixture.Factory.CreateKeyClient(serverKey);

        var single = await device.EvaluateAsync("promo", new { targetingKey = "u1" });
        var bulk = await device.EvaluateAllAsync(new { targetingKey = "u1" });
        var document = await server.GetAsync("/v1/flags");

        var singleText = await single.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("PROMO-1", singleText, StringComparison.Ordinal);
        foreach (var answer in new[] { singleText, await bulk.Content.ReadAsStringAsync(), await document.Content.ReadAsStringAsync() })
        {
            foreach (var canary in new[] { OwnerCanary, DescriptionCanary, "tag-canary-77", "expiresAt", "temporary" })
                Assert.DoesNotContain(canary, answer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bad_lifecycle_input_gets_problem_details_naming_the_field()
    {
        var project = Environments.NewProject();
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutFlagsAsync(project, "prod", Documents.Mixed)).StatusCode);
        var path = $"/admin/v1/projects/{project}/environments/prod/flags/dark-mode/lifecycle";

        Assert.Equal("expiresAt", await (await _admin.PutAsJsonAsync(path, new { expiresAt = "31/01/2026" })).ProblemFieldAsync(HttpStatusCode.BadRequest));
        Assert.Equal("expiresAt", await (await _admin.PutAsJsonAsync(path, new { expiresAt = "2026-01-31T10:00:00" })).ProblemFieldAsync(HttpStatusCode.BadRequest));
        Assert.Equal("expiresAt", await (await _admin.PutAsJsonAsync(path, new { expiresAt = 20260131 })).ProblemFieldAsync(HttpStatusCode.BadRequest));
        Assert.Equal("temporary", await (await _admin.PutAsJsonAsync(path, new { temporary = false, expiresAt = "2026-01-31" })).ProblemFieldAsync(HttpStatusCode.BadRequest));
        Assert.Equal("tags", await (await _admin.PutAsJsonAsync(path, new { tags = new[] { "Has Space" } })).ProblemFieldAsync(HttpStatusCode.BadRequest));
        Assert.Equal("tags", await (await _admin.PutAsJsonAsync(path, new { tags = "ui" })).ProblemFieldAsync(HttpStatusCode.BadRequest));
        Assert.Equal("owner", await (await _admin.PutAsJsonAsync(path, new { owner = new string('o', 201) })).ProblemFieldAsync(HttpStatusCode.BadRequest));
        Assert.Equal("maintainer", await (await _admin.PutAsJsonAsync(path, new { maintainer = "x" })).ProblemFieldAsync(HttpStatusCode.BadRequest));
        Assert.Equal("flagKey", await (await _admin.PutAsJsonAsync($"/admin/v1/projects/{project}/environments/prod/flags/nope/lifecycle", new { owner = "x" })).ProblemFieldAsync(HttpStatusCode.NotFound));
        Assert.Equal("expired", await (await _admin.GetAsync($"/admin/v1/projects/{project}/environments/prod/flags?expired=maybe")).ProblemFieldAsync(HttpStatusCode.BadRequest));

        var viewer = await fixture.Factory.CreateTokenAsync("viewer", "viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Client.PutAsJsonAsync(path, new { owner = "x" })).StatusCode);
        var stored = await (await _admin.GetAsync(path)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("owner").ValueKind);
    }

    [Fact]
    public async Task Lifecycle_edits_are_audited_without_moving_the_flag_set_version()
    {
        var project = Environments.NewProject();
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutFlagsAsync(project, "prod", Documents.Mixed)).StatusCode);

        await SetAsync(_admin, project, "dark-mode", new { owner = "team-ui" });

        var document = await _admin.GetAsync($"/admin/v1/projects/{project}/environments/prod/flags");
        Assert.Equal("\"v1\"", document.Headers.ETag?.Tag);
        var audit = await (await _admin.GetAsync($"/admin/v1/projects/{project}/environments/prod/audit")).JsonAsync(HttpStatusCode.OK);
        var entry = audit.GetProperty("entries")[0];
        Assert.Equal("flag.lifecycle", entry.GetProperty("action").GetString());
        Assert.Equal("lifecycle/dark-mode", entry.GetProperty("changes")[0].GetProperty("item").GetString());
        Assert.Equal("team-ui", entry.GetProperty("changes")[0].GetProperty("after").GetProperty("owner").GetString());
    }

    private static async Task SetAsync(HttpClient client, string project, string flag, object lifecycle) =>
        await (await client.PutAsJsonAsync($"/admin/v1/projects/{project}/environments/prod/flags/{flag}/lifecycle", lifecycle)).JsonAsync(HttpStatusCode.OK);

    private async Task<string[]> KeysAsync(string path) => Keys((await (await _admin.GetAsync(path)).JsonAsync(HttpStatusCode.OK)).GetProperty("flags"));

    private static string[] Keys(JsonElement flags) => [.. flags.EnumerateArray().Select(f => f.GetProperty("key").GetString()!).Order(StringComparer.Ordinal)];
}
