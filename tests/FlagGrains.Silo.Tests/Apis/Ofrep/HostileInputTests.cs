using System.Net;
using System.Text;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Ofrep;

/// <summary>What an attacker holding a client key (it ships inside every app) can send: always a specific 4xx.</summary>
[Collection(SiloCollection.Name)]
public sealed class HostileInputTests(SiloFixture silo)
{
    public static TheoryData<string, byte[], int> Bodies() => new()
    {
        { "malformed JSON", Utf8("{\"context\": {\"a\": "), 400 },
        { "oversize body", Utf8("{\"context\":{\"targetingKey\":\"u\",\"blob\":\"" + new string('x', 70_000) + "\"}}"), 413 },
        { "one-million-char string", Utf8("{\"context\":{\"targetingKey\":\"" + new string('y', 1_000_000) + "\"}}"), 413 },
        { "string over 1024 chars", Utf8("{\"context\":{\"targetingKey\":\"" + new string('z', 1_025) + "\"}}"), 400 },
        { "attribute name over 1024 chars", Utf8("{\"context\":{\"" + new string('n', 1_025) + "\":1}}"), 400 },
        { "deep nesting", Utf8("{\"context\":{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 10)) + "1" + new string('}', 10) + "}}"), 400 },
        { "nesting past the parser limit", Utf8("{\"context\":" + new string('[', 5_000) + new string(']', 5_000) + "}"), 400 },
        { "101 attributes", Utf8("{\"context\":{" + string.Join(',', Enumerable.Range(0, 101).Select(i => $"\"a{i}\":{i}")) + "}}"), 400 },
        { "duplicate keys", Utf8("""{"context":{"targetingKey":"victim","targetingKey":"attacker"}}"""), 400 },
        { "invalid UTF-8", [.. Utf8("{\"context\":{\"targetingKey\":\""), 0xC3, 0x28, .. Utf8("\"}}")], 400 },
        { "lone surrogate", Utf8("""{"context":{"targetingKey":"\ud800"}}"""), 400 },
        { "context is an array", Utf8("""{"context":[1,2,3]}"""), 400 },
        { "NaN literal", Utf8("""{"context":{"n":NaN}}"""), 400 },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Hostile_evaluation_bodies_get_a_specific_4xx_never_a_5xx(string name, byte[] body, int expected)
    {
        var key = await silo.Factory.CreateAdminClient().CreateWithKeyAsync(Environments.NewProject(), "prod", Documents.Mixed);
        using var client = silo.Factory.CreateKeyClient(key);

        foreach (var path in new[] { "/ofrep/v1/evaluate/flags", "/ofrep/v1/evaluate/flags/dark-mode" })
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync(path, content);
            var text = await response.Content.ReadAsStringAsync();

            Assert.True((int)response.StatusCode == expected, $"{name} on {path}: expected {expected}, got {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Limit_violations_name_the_limit()
    {
        var key = await silo.Factory.CreateAdminClient().CreateWithKeyAsync(Environments.NewProject(), "prod", Documents.Mixed);
        using var client = silo.Factory.CreateKeyClient(key);

        var response = await client.EvaluateAllAsync(new { targetingKey = new string('z', 2_000) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("MaxStringLength", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"flags":{"f":{"state":"ENABLED","variants":{"a":true},"defaultVariant":"a"},"f":{"state":"DISABLED","variants":{"a":true},"defaultVariant":"a"}}}""")]
    [InlineData("""{"flags":""")]
    [InlineData("[]")]
    public async Task Hostile_flag_documents_are_refused_with_a_400(string document)
    {
        var response = await silo.Factory.CreateAdminClient().PutFlagsAsync(Environments.NewProject(), "prod", document);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
