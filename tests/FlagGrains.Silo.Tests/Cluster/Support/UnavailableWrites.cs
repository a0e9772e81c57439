using System.Diagnostics;
using System.Net;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// The promise for writes the cluster cannot store right now: 503 problem details with Retry-After, never a success
/// that was not persisted and never an error that blames the caller.
/// </summary>
public static class UnavailableWrites
{
    public static void AssertRefusedAsUnavailable(WriteAttempt attempt, string when)
    {
        Assert.True(attempt.Status == HttpStatusCode.ServiceUnavailable, $"{when}, a write must answer 503; it answered {attempt}");
        Assert.True(attempt.RetryAfter is { Length: > 0 }, $"{when}, a 503 must carry Retry-After: {attempt}");
        Assert.True(attempt.ContentType == "application/problem+json", $"{when}, a 503 must be problem details: {attempt}");
    }

    /// <summary>
    /// Retries a write with backoff until it is acknowledged; every refusal on the way must be a proper 503. Backs off
    /// faster than Retry-After asks, because the test measures how soon writes come back.
    /// </summary>
    public static async Task<(WriteAttempt Acknowledged, List<WriteAttempt> Refused, TimeSpan Elapsed)> PutUntilAcknowledgedAsync(
        this HttpClient admin, EnvironmentName environment, CountedDocument document, string when, TimeSpan timeout)
    {
        var refused = new List<WriteAttempt>();
        var elapsed = Stopwatch.StartNew();
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var attempt = await admin.PutAsync(environment, document);
            if (attempt.Acknowledged) return (attempt, refused, elapsed.Elapsed);

            refused.Add(attempt);
            AssertRefusedAsUnavailable(attempt, when);
            Assert.True(elapsed.Elapsed < timeout, $"{when}, writes were still refused after {timeout.TotalSeconds:0} s: {attempt}");
            await Task.Delay(backoff);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }
}
