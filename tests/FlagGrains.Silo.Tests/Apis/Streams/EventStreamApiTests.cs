using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlagGrains.Silo.Apis.Streams;
using FlagGrains.Silo.Tests.Apis.Streams.Support;
using FlagGrains.Silo.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FlagGrains.Silo.Tests.Apis.Streams;

[Collection(DeliverySiloCollection.Name)]
public sealed class EventStreamApiTests(DeliverySiloFixture silo)
{
    [Fact]
    public async Task Bulk_response_advertises_an_sse_stream_with_an_inactivity_delay()
    {
        var project = Environments.NewProject();
        var key = await silo.CreateAdminClient().CreateWithKeyAsync(project, "prod", Documents.Mixed);
        var response = await silo.CreateClient(key).PostAsJsonAsync("/ofrep/v1/evaluate/flags", new { context = new { targetingKey = "u1" } });

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var stream = Assert.Single(body.RootElement.GetProperty("eventStreams").EnumerateArray());
        Assert.Equal("sse", stream.GetProperty("type").GetString());
        Assert.Equal(120, stream.GetProperty("inactivityDelaySec").GetInt32());
        var url = new Uri(stream.GetProperty("url").GetString()!);
        Assert.Equal("/ofrep/v1/event-stream", url.AbsolutePath);
        Assert.DoesNotContain(key.Split('.')[4], url.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_advertised_url_and_etag_are_stable_between_requests()
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        var first = await scenario.Device.PostAsJsonAsync("/ofrep/v1/evaluate/flags", new { context = new { targetingKey = "u1" } });
        var second = await scenario.Device.PostAsJsonAsync("/ofrep/v1/evaluate/flags", new { context = new { targetingKey = "u1" } });

        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_new_stream_is_told_the_current_version_at_once()
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        await using var stream = await SseTestStream.OpenAsync(silo.CreateClient(), scenario.StreamUrl);

        var preamble = await stream.ReadFrameAsync();
        Assert.Contains(preamble!.Lines, l => l.StartsWith("retry: ", StringComparison.Ordinal));
        var notification = await stream.ReadEventAsync();

        Assert.Equal(scenario.CurrentVersion(silo).ToString(System.Globalization.CultureInfo.InvariantCulture), notification!.Id);
        Assert.Equal("message", notification.Field("event"));
        Assert.Equal("refetchEvaluation", notification.Json.GetProperty("type").GetString());
        Assert.Equal($"\"v{notification.Id}\"", notification.Json.GetProperty("etag").GetString());
        Assert.True(notification.Json.GetProperty("lastModified").GetInt64() > 1_700_000_000);
        Assert.Equal("no-store", stream.Response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task An_up_to_date_client_hears_only_about_the_next_change()
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        var current = scenario.CurrentVersion(silo);
        await using var stream = await SseTestStream.OpenAsync(silo.CreateClient(), scenario.StreamUrl, lastEventId: current.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await silo.CreateAdminClient().PutFlagsAsync(scenario.Project, "prod", Documents.Bench50);
        var notification = await stream.ReadEventAsync();

        Assert.Equal((current + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), notification!.Id);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("not-a-version")]
    [InlineData("99999999999")]
    public async Task A_stale_or_unknown_last_event_id_gets_the_current_state_right_away(string lastEventId)
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        await using var stream = await SseTestStream.OpenAsync(silo.CreateClient(), scenario.StreamUrl, lastEventId);

        var notification = await stream.ReadEventAsync();

        Assert.Equal(scenario.CurrentVersion(silo).ToString(System.Globalization.CultureInfo.InvariantCulture), notification!.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?token=")]
    [InlineData("?token=fst1.a.b.c.1.d")]
    [InlineData("?token=not-even-close")]
    [InlineData("?token=fst1.acme.prod.abcdefgh.99999999999.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("?token=fst1.acme.prod.abcdefgh.99999999999.%25%25%25%25")]
    public async Task A_missing_or_forged_credential_is_a_401(string query)
    {
        var response = await silo.CreateClient().GetAsync("/ofrep/v1/event-stream" + query);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_credential_given_twice_is_a_401()
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        var token = new Uri(scenario.StreamUrl).Query["?token=".Length..];

        var response = await silo.CreateClient().GetAsync($"/ofrep/v1/event-stream?token={token}&TOKEN={token}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(DeliverySiloFixture.AllowedOrigin, DeliverySiloFixture.AllowedOrigin)]
    [InlineData("https://elsewhere.example.net", null)]
    public async Task A_browser_stream_gets_the_ofrep_cross_origin_policy(string origin, string? allowed)
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        using var request = new HttpRequestMessage(HttpMethod.Get, scenario.StreamUrl);
        request.Headers.Add("Origin", origin);

        using var response = await silo.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? Assert.Single(values) : null);
    }

    [Fact]
    public async Task A_tampered_credential_is_a_401()
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        var other = await StreamScenario.CreateAsync(silo);
        var token = new Uri(scenario.StreamUrl).Query["?token=".Length..];
        var parts = token.Split('.');
        var otherProject = string.Join('.', parts[0], other.Project, parts[2], parts[3], parts[4], parts[5]);
        var laterExpiry = string.Join('.', parts[0], parts[1], parts[2], parts[3], (long.Parse(parts[4], System.Globalization.CultureInfo.InvariantCulture) + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), parts[5]);

        foreach (var forged in new[] { otherProject, laterExpiry })
        {
            var response = await silo.CreateClient().GetAsync($"/ofrep/v1/event-stream?token={forged}");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task An_expired_credential_is_refused_at_connect()
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        var signingKey = silo.Services.GetRequiredService<StreamSigningKeys>().Current!;
        var expired = StreamCredential.Issue(signingKey, scenario.EnvironmentKey, scenario.KeyId, DateTimeOffset.UtcNow.AddSeconds(-1));

        var response = await silo.CreateClient().GetAsync($"/ofrep/v1/event-stream?token={expired}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_credential_for_a_key_that_is_not_active_is_refused()
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        var signingKey = silo.Services.GetRequiredService<StreamSigningKeys>().Current!;
        var unknownKey = StreamCredential.Issue(signingKey, scenario.EnvironmentKey, "no-such-key", DateTimeOffset.UtcNow.AddHours(1));

        var response = await silo.CreateClient().GetAsync($"/ofrep/v1/event-stream?token={unknownKey}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Revoking_the_key_ends_its_open_streams_and_refuses_reconnects()
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        await using var stream = await SseTestStream.OpenAsync(silo.CreateClient(), scenario.StreamUrl);
        await stream.ReadEventAsync();

        var revoked = await silo.CreateAdminClient().DeleteAsync($"/admin/v1/projects/{scenario.Project}/environments/prod/keys/{scenario.KeyId}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Null(await stream.ReadEventAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await silo.CreateClient().GetAsync(scenario.StreamUrl)).StatusCode);
    }

    [Fact]
    public async Task A_stream_is_closed_when_its_key_disappears_from_the_snapshot()
    {
        var scenario = await StreamScenario.CreateAsync(silo);
        var other = await StreamScenario.CreateAsync(silo);
        await using var revoked = await SseTestStream.OpenAsync(silo.CreateClient(), scenario.StreamUrl);
        await using var unaffected = await SseTestStream.OpenAsync(silo.CreateClient(), other.StreamUrl);
        await revoked.ReadEventAsync();
        await unaffected.ReadEventAsync();

        // What a revocation publishes, fed straight to the hub: only the key's own streams end.
        silo.Services.GetRequiredService<EventStreamHub>().OnPublished(Snapshots.WithoutKeys(scenario.EnvironmentKey, scenario.CurrentVersion(silo) + 1));

        Assert.Null(await revoked.ReadEventAsync());
        await silo.CreateAdminClient().PutFlagsAsync(other.Project, "prod", Documents.Bench50);
        Assert.NotNull(await unaffected.ReadEventAsync());
    }
}
