using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FlagGrains.Silo.Tests.TestSupport;

/// <summary>Creates environments through the public admin API, as a user would.</summary>
public static class Environments
{
    public static string NewProject() => $"p-{Guid.NewGuid():N}"[..20];

    public static async Task<HttpResponseMessage> PutFlagsAsync(this HttpClient admin, string project, string environment, string json, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/admin/v1/projects/{project}/environments/{environment}/flags")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await admin.SendAsync(request);
    }

    public static async Task<string> CreateKeyAsync(this HttpClient admin, string project, string environment, string kind = "client")
    {
        var response = await admin.PostAsJsonAsync($"/admin/v1/projects/{project}/environments/{environment}/keys", new { kind });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>Creates an environment with <paramref name="json"/> and returns a client key for it.</summary>
    public static async Task<string> CreateWithKeyAsync(this HttpClient admin, string project, string environment, string json)
    {
        var put = await admin.PutFlagsAsync(project, environment, json);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return await admin.CreateKeyAsync(project, environment);
    }

    public static Task<HttpResponseMessage> EvaluateAsync(this HttpClient client, string flagKey, object context) =>
        client.PostAsJsonAsync($"/ofrep/v1/evaluate/flags/{flagKey}", new { context });

    public static Task<HttpResponseMessage> EvaluateAllAsync(this HttpClient client, object context) =>
        client.PostAsJsonAsync("/ofrep/v1/evaluate/flags", new { context });
}
