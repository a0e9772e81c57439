using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace FlagGrains.Load;

/// <summary>The admin API calls the scenarios need, with the admin token the harness starts its silos with.</summary>
public sealed class AdminClient(string baseUrl, string token) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = new Uri(baseUrl),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static string EnvironmentPath(string project, string environment) => $"/admin/v1/projects/{project}/environments/{environment}";

    public async Task PutFlagSetAsync(string project, string environment, string documentJson)
    {
        using var response = await _http.PutAsync($"{EnvironmentPath(project, environment)}/flags", Json(documentJson));
        await EnsureAsync(response, "PUT flag set");
    }

    /// <summary>Replaces one flag; returns the environment version the write produced.</summary>
    public async Task<long> PutFlagAsync(string project, string environment, string flagKey, string flagJson)
    {
        using var response = await _http.PutAsync($"{EnvironmentPath(project, environment)}/flags/{flagKey}", Json(flagJson));
        await EnsureAsync(response, "PUT flag");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["version"]!.GetValue<long>();
    }

    public async Task<string> CreateClientKeyAsync(string project, string environment)
    {
        using var response = await _http.PostAsync($"{EnvironmentPath(project, environment)}/keys", Json("""{"kind":"client","name":"load harness"}"""));
        await EnsureAsync(response, "create key");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["key"]!.GetValue<string>();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode) return;
        throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose() => _http.Dispose();
}
