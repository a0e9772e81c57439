using System.Net;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis;

[Collection(SiloCollection.Name)]
public sealed class OpenApiDocumentTests(SiloFixture silo)
{
    [Theory]
    [InlineData("/ofrep/v1/evaluate/flags/{key}", "post")]
    [InlineData("/ofrep/v1/evaluate/flags", "post")]
    [InlineData("/ofrep/v1/event-stream", "get")]
    [InlineData("/v1/flags", "get")]
    [InlineData("/admin/v1/projects", "get")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}", "delete")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/flags", "put")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/flags/{flagKey}", "delete")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/keys/{keyId}", "delete")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/audit", "get")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/usage", "get")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/usage/stale", "get")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/releases", "post")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/releases/{releaseId}/rollback", "post")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/scheduled-changes/{changeId}", "delete")]
    [InlineData("/admin/v1/alertmanager", "post")]
    [InlineData("/admin/v1/tokens", "post")]
    [InlineData("/admin/v1/tokens/{tokenId}", "delete")]
    [InlineData("/admin/v1/audit", "get")]
    [InlineData("/health/ready", "get")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/policy", "put")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/change-requests", "get")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/change-requests/{id}", "get")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/change-requests/{id}/approve", "post")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/change-requests/{id}/reject", "post")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/flags/{flagKey}/lifecycle", "put")]
    [InlineData("/admin/v1/projects/{project}/environments/{environment}/lifecycle-report", "get")]
    [InlineData("/admin/v1/webhooks", "post")]
    [InlineData("/admin/v1/webhooks/{webhookId}/deliveries", "get")]
    [InlineData("/admin/v1/webhooks/{webhookId}/deliveries/{deliveryId}/resend", "post")]
    public async Task The_openapi_document_lists_every_endpoint(string path, string method)
    {
        var response = await silo.Factory.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty(path, out var operations), $"{path} is missing");
        Assert.True(operations.TryGetProperty(method, out _), $"{method} {path} is missing");
    }
}
