using System.Net;
using System.Net.Http.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Ofrep;

[Collection(SiloCollection.Name)]
public sealed class DefaultCorsTests(SiloFixture silo)
{
    [Fact]
    public async Task Without_configured_origins_no_origin_is_granted()
    {
        var key = await silo.Factory.CreateAdminClient().CreateWithKeyAsync(Environments.NewProject(), "prod", Documents.Mixed);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ofrep/v1/evaluate/flags") { Content = JsonContent.Create(new { context = new { targetingKey = "u" } }) };
        request.Headers.Add("Origin", "https://app.example.com");

        var response = await silo.Factory.CreateKeyClient(key).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
