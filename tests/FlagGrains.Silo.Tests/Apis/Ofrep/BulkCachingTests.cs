using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FlagGrains.Silo.Tests.Apis.Streams.Support;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Ofrep;

[Collection(DeliverySiloCollection.Name)]
public sealed class BulkCachingTests(DeliverySiloFixture silo)
{
    private const string Origin = DeliverySiloFixture.AllowedOrigin;

    private async Task<HttpClient> NewDeviceAsync() =>
        silo.CreateClient(await silo.CreateAdminClient().CreateWithKeyAsync(Environments.NewProject(), "prod", Documents.Bench50));

    [Fact]
    public async Task Bulk_200_and_304_carry_private_cache_control_vary_and_the_etag()
    {
        var device = await NewDeviceAsync();
        var first = await device.PostAsJsonAsync("/ofrep/v1/evaluate/flags", new { context = new { targetingKey = "u1" } });
        using var conditional = BulkRequest(new { targetingKey = "u1" });
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await device.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        foreach (var response in new[] { first, second })
        {
            Assert.True(response.Headers.CacheControl is { Private: true, MaxAge.TotalSeconds: 5 }, $"Cache-Control: {response.Headers.CacheControl}");
            Assert.Equal(["Authorization", "X-API-Key", "Accept-Encoding"], response.Headers.Vary);
            Assert.Equal(first.Headers.ETag, response.Headers.ETag);
        }
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Bulk_json_is_compressed_when_the_client_accepts_it(string encoding)
    {
        var device = await NewDeviceAsync();
        using var plainRequest = BulkRequest(new { targetingKey = "u1" });
        var plain = await (await device.SendAsync(plainRequest)).Content.ReadAsByteArrayAsync();
        using var request = BulkRequest(new { targetingKey = "u1" });
        request.Headers.AcceptEncoding.ParseAdd(encoding);

        var response = await device.SendAsync(request);
        var compressed = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.True(compressed.Length * 3 < plain.Length, $"{compressed.Length} bytes compressed vs {plain.Length} plain");
        Assert.Equal(Encoding.UTF8.GetString(plain), Decompress(encoding, compressed));
    }

    [Fact]
    public async Task Admin_responses_are_not_compressed()
    {
        var project = Environments.NewProject();
        var admin = silo.CreateAdminClient();
        await admin.PutFlagsAsync(project, "prod", Documents.Bench50);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/v1/projects/{project}/environments/prod/flags");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        var response = await admin.SendAsync(request);

        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Preflight_from_an_allowed_origin_permits_the_key_headers()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/ofrep/v1/evaluate/flags");
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,if-none-match");

        var response = await silo.CreateClient().SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("authorization", allowed, StringComparison.Ordinal);
        Assert.Contains("if-none-match", allowed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cross_origin_bulk_response_exposes_the_etag()
    {
        var device = await NewDeviceAsync();
        using var request = BulkRequest(new { targetingKey = "u1" });
        request.Headers.Add("Origin", Origin);

        var response = await device.SendAsync(request);

        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("ETag", string.Join(',', response.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Other_origins_get_no_cors_grant()
    {
        var device = await NewDeviceAsync();
        using var request = BulkRequest(new { targetingKey = "u1" });
        request.Headers.Add("Origin", "https://evil.example.net");

        var response = await device.SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage BulkRequest(object context) =>
        new(HttpMethod.Post, "/ofrep/v1/evaluate/flags")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { context }), Encoding.UTF8, "application/json"),
        };

    private static string Decompress(string encoding, byte[] body)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(decoder, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
