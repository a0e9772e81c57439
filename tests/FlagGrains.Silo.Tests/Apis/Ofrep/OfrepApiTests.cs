using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Ofrep;

[Collection(SiloCollection.Name)]
public sealed class OfrepApiTests(SiloFixture silo)
{
    private readonly HttpClient _admin = silo.Factory.CreateAdminClient();

    private async Task<HttpClient> NewClientAsync(string document)
    {
        var key = await _admin.CreateWithKeyAsync(Environments.NewProject(), "prod", document);
        return silo.Factory.CreateKeyClient(key);
    }

    [Fact]
    public async Task Single_flag_evaluates_targeting_for_the_callers_context()
    {
        var client = await NewClientAsync(Documents.Mixed);

        using var match = await ReadAsync(await client.EvaluateAsync("dark-mode", new { targetingKey = "u1", email = "a@example.com" }));
        using var noMatch = await ReadAsync(await client.EvaluateAsync("dark-mode", new { targetingKey = "u1", email = "a@other.org" }));

        Assert.Equal((true, "on", "TARGETING_MATCH"), (match.RootElement.GetProperty("value").GetBoolean(), match.RootElement.GetProperty("variant").GetString(), match.RootElement.GetProperty("reason").GetString()));
        Assert.Equal((false, "off", "DEFAULT"), (noMatch.RootElement.GetProperty("value").GetBoolean(), noMatch.RootElement.GetProperty("variant").GetString(), noMatch.RootElement.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Unknown_flag_is_a_404_with_flag_not_found()
    {
        var client = await NewClientAsync(Documents.Mixed);
        var response = await client.EvaluateAsync("nope", new { targetingKey = "u1" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("nope", body.RootElement.GetProperty("key").GetString());
        Assert.Equal("FLAG_NOT_FOUND", body.RootElement.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Disabled_flag_answers_reason_disabled_without_a_value()
    {
        var client = await NewClientAsync(Documents.Mixed);
        using var body = await ReadAsync(await client.EvaluateAsync("retired", new { targetingKey = "u1" }));

        Assert.Equal("DISABLED", body.RootElement.GetProperty("reason").GetString());
        Assert.False(body.RootElement.TryGetProperty("value", out _));
    }

    [Fact]
    public async Task Bulk_returns_every_flag_with_an_etag_and_answers_304_when_unchanged()
    {
        var client = await NewClientAsync(Documents.Bench50);
        var context = new { targetingKey = "user-42" };

        var first = await client.EvaluateAllAsync(context);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        using (var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync()))
        {
            Assert.Equal(50, body.RootElement.GetProperty("flags").GetArrayLength());
        }

        using var conditional = new HttpRequestMessage(HttpMethod.Post, "/ofrep/v1/evaluate/flags") { Content = JsonContent(new { context }) };
        conditional.Headers.IfNoneMatch.Add(etag);
        var second = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);

        var otherUser = await client.EvaluateAllAsync(new { targetingKey = "user-43" });
        Assert.NotEqual(etag, otherUser.Headers.ETag);
    }

    [Fact]
    public async Task Bulk_etag_changes_when_the_environment_changes()
    {
        var project = Environments.NewProject();
        var key = await _admin.CreateWithKeyAsync(project, "prod", Documents.Mixed);
        var client = silo.Factory.CreateKeyClient(key);
        var before = (await client.EvaluateAllAsync(new { targetingKey = "u" })).Headers.ETag;

        await _admin.PutFlagsAsync(project, "prod", Documents.Bench50);
        var after = await WaitForEtagChangeAsync(client, before!);

        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task Missing_or_wrong_key_is_a_401()
    {
        var anonymous = silo.Factory.CreateClient();
        var forged = silo.Factory.CreateKeyClient("fgc.acme.prod.abcdefgh.not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.EvaluateAllAsync(new { targetingKey = "u" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.EvaluateAsync("dark-mode", new { targetingKey = "u" })).StatusCode);
    }

    [Theory]
    [InlineData("fgc.UPPER.prod.abcdefgh.secret")]
    [InlineData("fgc.acme.bad_name.abcdefgh.secret")]
    [InlineData("fgc.acme.prod.abcdefgh")]
    [InlineData("fgx.acme.prod.abcdefgh.secret")]
    public async Task Keys_that_cannot_name_an_environment_are_a_401(string key)
    {
        var response = await silo.Factory.CreateKeyClient(key).EvaluateAllAsync(new { targetingKey = "u" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Key_of_one_environment_cannot_read_another()
    {
        var project = Environments.NewProject();
        var key = await _admin.CreateWithKeyAsync(project, "staging", Documents.Mixed);
        await _admin.PutFlagsAsync(project, "prod", Documents.Mixed);
        var parts = key.Split('.');
        var relabelled = string.Join('.', parts[0], parts[1], "prod", parts[3], parts[4]);

        var response = await silo.Factory.CreateKeyClient(relabelled).EvaluateAllAsync(new { targetingKey = "u" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("{ nope")]
    [InlineData("[1,2]")]
    [InlineData("""{"context": "a string"}""")]
    public async Task Malformed_request_is_a_400_with_an_ofrep_error(string body)
    {
        var client = await NewClientAsync(Documents.Mixed);
        var single = await client.PostAsync("/ofrep/v1/evaluate/flags/dark-mode", new StringContent(body, Encoding.UTF8, "application/json"));
        var bulk = await client.PostAsync("/ofrep/v1/evaluate/flags", new StringContent(body, Encoding.UTF8, "application/json"));

        foreach (var response in new[] { single, bulk })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("INVALID_CONTEXT", error.RootElement.GetProperty("errorCode").GetString());
        }
    }

    [Fact]
    public async Task Oversized_request_is_a_413()
    {
        var client = await NewClientAsync(Documents.Mixed);
        var huge = new string('x', 70_000);
        var response = await client.EvaluateAsync("dark-mode", new { targetingKey = huge });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    /// <summary>A write reaches the local gateway through the stream within milliseconds; bounded so a bug fails.</summary>
    private static async Task<EntityTagHeaderValue?> WaitForEtagChangeAsync(HttpClient client, EntityTagHeaderValue before)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var etag = (await client.EvaluateAllAsync(new { targetingKey = "u" })).Headers.ETag;
            if (!Equals(etag, before) || DateTime.UtcNow > deadline) return etag;
            await Task.Delay(20);
        }
    }
}
