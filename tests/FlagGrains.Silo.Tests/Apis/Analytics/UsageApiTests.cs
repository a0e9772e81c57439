using System.Net;
using System.Text.Json;
using FlagGrains.Contracts;
using FlagGrains.Grains.Analytics;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FlagGrains.Silo.Tests.Apis.Analytics;

[Collection(SiloCollection.Name)]
public sealed class UsageApiTests(SiloFixture fixture)
{
    private readonly HttpClient _admin = fixture.Factory.CreateAdminClient();

    private Task FlushAsync(string project, string environment) =>
        fixture.Factory.Services.GetRequiredService<UsageFlusher>().FlushAsync(GrainKeys.Environment(project, environment));

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await _admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static long Count(JsonElement usage, string flag, string? variant) =>
        usage.GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("key").GetString() == flag)
            .GetProperty("variants").EnumerateArray()
            .Where(v => v.GetProperty("variant").ValueKind == JsonValueKind.Null ? variant is null : v.GetProperty("variant").GetString() == variant)
            .Sum(v => v.GetProperty("count").GetInt64());

    [Fact]
    public async Task Evaluations_through_ofrep_are_counted_per_flag_and_variant_after_a_flush()
    {
        var project = Environments.NewProject();
        using var client = fixture.Factory.CreateKeyClient(await _admin.CreateWithKeyAsync(project, "prod", Documents.Mixed));
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.EvaluateAllAsync(new { targetingKey = $"u{i}", email = $"u{i}@example.com" })).StatusCode);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await client.EvaluateAllAsync(new { targetingKey = $"v{i}", email = "v@other.org", appVersion = "2.1.0" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.EvaluateAsync("dark-mode", new { targetingKey = "w", email = "w@example.com" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.EvaluateAsync("no-such-flag", new { targetingKey = "w" })).StatusCode);

        await FlushAsync(project, "prod");
        var usage = await GetJsonAsync($"/admin/v1/projects/{project}/environments/prod/usage");

        Assert.Equal(4, Count(usage, "dark-mode", "on"));
        Assert.Equal(2, Count(usage, "dark-mode", "off"));
        Assert.Equal(5, Count(usage, "banner-color", "blue"));
        Assert.Equal(3, Count(usage, "max-items", "few"));
        Assert.Equal(2, Count(usage, "max-items", "many"));
        Assert.Equal(5, Count(usage, "retired", null));
        Assert.Equal(4, usage.GetProperty("flags").GetArrayLength());
        var hour = usage.GetProperty("flags")[0].GetProperty("hours")[0].GetProperty("hour").GetDateTimeOffset();
        Assert.Equal(0, hour.Minute);
    }

    [Fact]
    public async Task A_second_flush_sends_only_what_is_new()
    {
        var project = Environments.NewProject();
        using var client = fixture.Factory.CreateKeyClient(await _admin.CreateWithKeyAsync(project, "prod", Documents.Mixed));
        await client.EvaluateAsync("banner-color", new { targetingKey = "a" });
        await FlushAsync(project, "prod");
        await FlushAsync(project, "prod");
        await client.EvaluateAsync("banner-color", new { targetingKey = "b" });
        await FlushAsync(project, "prod");

        var usage = await GetJsonAsync($"/admin/v1/projects/{project}/environments/prod/usage");

        Assert.Equal(2, Count(usage, "banner-color", "blue"));
    }

    [Fact]
    public async Task Flags_not_evaluated_are_listed_as_stale()
    {
        var project = Environments.NewProject();
        using var client = fixture.Factory.CreateKeyClient(await _admin.CreateWithKeyAsync(project, "prod", Documents.Mixed));
        await client.EvaluateAsync("dark-mode", new { targetingKey = "a" });
        await FlushAsync(project, "prod");

        var stale = await GetJsonAsync($"/admin/v1/projects/{project}/environments/prod/usage/stale?days=7");

        Assert.Equal(7, stale.GetProperty("staleAfterDays").GetInt32());
        var flags = stale.GetProperty("flags").EnumerateArray().ToList();
        Assert.Equal(["banner-color", "max-items", "retired"], flags.Select(f => f.GetProperty("key").GetString()));
        Assert.All(flags, f => Assert.Equal(JsonValueKind.Null, f.GetProperty("lastEvaluated").ValueKind));
    }

    [Theory]
    [InlineData("usage?from=yesterday")]
    [InlineData("usage?to=2026-13-45T00:00:00Z")]
    [InlineData("usage?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("usage?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("usage/stale?days=0")]
    [InlineData("usage/stale?days=abc")]
    [InlineData("usage/stale?days=-3")]
    public async Task Bad_parameters_are_problem_details(string query)
    {
        var project = Environments.NewProject();
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutFlagsAsync(project, "prod", Documents.Mixed)).StatusCode);

        var response = await _admin.GetAsync($"/admin/v1/projects/{project}/environments/prod/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_environments_are_not_found_and_anonymous_callers_refused()
    {
        var project = Environments.NewProject();
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/admin/v1/projects/{project}/environments/prod/usage")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/admin/v1/projects/{project}/environments/prod/usage/stale")).StatusCode);

        using var anonymous = fixture.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/admin/v1/projects/{project}/environments/prod/usage")).StatusCode);
    }
}
