using System.Net;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FlagGrains.Silo.Tests.Apis.Http;

public sealed class RateLimitingTests
{
    [Fact]
    public async Task Over_the_limit_is_a_429_with_an_integer_retry_after_and_problem_details()
    {
        await using var factory = new SiloFactory().WithWebHostBuilder(b => b.UseSetting("FlagGrains:RateLimits:PerAdminTokenPerSecond", "3"));
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", SiloFactory.AdminToken);

        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++) statuses.Add(await admin.GetAsync("/admin/v1/projects"));

        var rejected = statuses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(rejected);
        Assert.Contains(statuses, r => r.StatusCode == HttpStatusCode.OK);
        var retryAfter = Assert.Single(rejected.Headers.GetValues("Retry-After"));
        Assert.True(int.TryParse(retryAfter, out var seconds) && seconds >= 1, retryAfter);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Event_stream_connects_count_against_their_address_and_are_refused_the_same_way()
    {
        await using var factory = new SiloFactory().WithWebHostBuilder(b => b.UseSetting("FlagGrains:RateLimits:PerAddressPerSecond", "3"));
        using var client = factory.CreateClient();

        // Forged credentials: every connect is refused, but only after it spent its address's budget.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++) answers.Add(await client.GetAsync("/ofrep/v1/event-stream?token=fst1.a.b.c.1.d"));

        Assert.Contains(answers, r => r.StatusCode == HttpStatusCode.Unauthorized);
        var rejected = answers.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(rejected);
        Assert.True(int.TryParse(Assert.Single(rejected.Headers.GetValues("Retry-After")), out var seconds) && seconds >= 1);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Client_keys_are_not_limited_per_key_because_every_install_shares_one()
    {
        await using var factory = new SiloFactory().WithWebHostBuilder(b => b.UseSetting("FlagGrains:RateLimits:PerServerKeyPerSecond", "2"));
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", SiloFactory.AdminToken);
        var key = await admin.CreateWithKeyAsync(Environments.NewProject(), "prod", Documents.Mixed);
        using var device = factory.CreateClient();
        device.DefaultRequestHeaders.Authorization = new("Bearer", key);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await device.EvaluateAllAsync(new { targetingKey = $"u{i}" })).StatusCode);
        }
    }

    [Fact]
    public async Task Forged_keys_cannot_spend_a_real_keys_budget()
    {
        await using var factory = WithServerKeyLimit(2);
        var created = await ServerKeyClientAsync(factory);
        using var server = created.Server;
        var key = created.Key;
        Assert.Equal(HttpStatusCode.OK, (await server.GetAsync("/v1/flags")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // a fresh window for the real key

        // Same project, environment and key id, wrong secret: unverified, so it counts against its address only.
        using var forger = factory.CreateClient();
        forger.DefaultRequestHeaders.Authorization = new("Bearer", key[..key.LastIndexOf('.')] + "." + new string('A', 43));
        for (var i = 0; i < 30; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync("/v1/flags")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await server.GetAsync("/v1/flags")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.GetAsync("/v1/flags")).StatusCode);
    }

    [Theory]
    [InlineData("/ofrep/v1/evaluate/flags")]
    [InlineData("/ofrep/v1/evaluate/flags/dark-mode")]
    public async Task Evaluations_answered_before_routing_are_limited_and_refused_the_same_way(string path)
    {
        await using var factory = WithServerKeyLimit(3);
        using var server = (await ServerKeyClientAsync(factory)).Server;

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
            answers.Add(await server.PostAsync(path, new StringContent("""{"context":{"targetingKey":"u"}}""", System.Text.Encoding.UTF8, "application/json")));

        Assert.Contains(answers, r => r.StatusCode == HttpStatusCode.OK);
        var rejected = answers.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(rejected);
        Assert.True(int.TryParse(Assert.Single(rejected.Headers.GetValues("Retry-After")), out var seconds) && seconds >= 1);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
    }

    private static WebApplicationFactory<Program> WithServerKeyLimit(int perSecond) =>
        new SiloFactory().WithWebHostBuilder(b => b.UseSetting("FlagGrains:RateLimits:PerServerKeyPerSecond", perSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A new environment with the mixed flag set, and a client presenting a server key of it.</summary>
    private static async Task<(HttpClient Server, string Key)> ServerKeyClientAsync(WebApplicationFactory<Program> factory)
    {
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", SiloFactory.AdminToken);
        var project = Environments.NewProject();
        await admin.PutFlagsAsync(project, "prod", Documents.Mixed);
        var key = await admin.CreateKeyAsync(project, "prod", "server");
        var server = factory.CreateClient();
        server.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return (server, key);
    }
}
