using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>What one PUT of a flag set answered, with everything the failure promises are judged by.</summary>
public sealed record WriteAttempt(HttpStatusCode Status, long? Version, string? RetryAfter, string? ContentType, string Body, TimeSpan Latency)
{
    public bool Acknowledged => (int)Status is >= 200 and < 300;

    public override string ToString() =>
        $"{(int)Status} in {Latency.TotalMilliseconds:0} ms{(Version is { } v ? $", version {v}" : "")}{(RetryAfter is { } r ? $", Retry-After {r}" : "")}: {Body[..Math.Min(Body.Length, 300)]}";
}

/// <summary>Writes and reads of an environment's flag set through one silo's admin API.</summary>
public static class AdminWrites
{
    public static async Task<WriteAttempt> PutAsync(this HttpClient admin, EnvironmentName environment, CountedDocument document)
    {
        var elapsed = Stopwatch.StartNew();
        using var response = await admin.PutFlagsAsync(environment.Project, environment.Environment, document.ToJson());
        var body = await response.Content.ReadAsStringAsync();
        long? version = null;
        if (response.IsSuccessStatusCode)
        {
            using var json = JsonDocument.Parse(body);
            version = json.RootElement.GetProperty("version").GetInt64();
        }

        return new WriteAttempt(
            response.StatusCode,
            version,
            response.Headers.RetryAfter?.ToString(),
            response.Content.Headers.ContentType?.MediaType,
            body,
            elapsed.Elapsed);
    }

    /// <summary>A PUT that must be acknowledged now; anything else fails the test with the answer.</summary>
    public static async Task<long> PutAcknowledgedAsync(this HttpClient admin, EnvironmentName environment, CountedDocument document)
    {
        var attempt = await admin.PutAsync(environment, document);
        Assert.True(attempt.Acknowledged, $"PUT {document} was not acknowledged: {attempt}");
        return attempt.Version!.Value;
    }

    /// <summary>The stored flag set as the admin API shows it: its version (ETag) and whose write it is.</summary>
    public static async Task<(long Version, CountedDocument Document)> GetAsync(this HttpClient admin, EnvironmentName environment)
    {
        using var response = await admin.GetAsync($"/admin/v1/projects/{environment.Project}/environments/{environment.Environment}/flags");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET flags answered {(int)response.StatusCode}: {body}");
        return (EntityTagVersion.OfAdmin(response.Headers.ETag?.Tag), CountedDocument.Parse(body));
    }
}
