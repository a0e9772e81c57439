using System.Net;
using FlagGrains.Mobile.Tests.TestSupport;
using FlagGrains.Testing;

namespace FlagGrains.Mobile.Tests;

/// <summary>How the SDK treats refusals and failures, on a manual clock so every wait is checked exactly.</summary>
[Collection(SiloCollection.Name)]
public sealed class FlagGrainsClientFaultTests(SiloFixture fixture)
{
    [Fact]
    public async Task A_refused_key_stops_all_traffic_and_reports_it()
    {
        var (project, _) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document());
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var handler = new RecordingHandler();
        var problems = new List<string?>();
        await using var client = new FlagGrainsClient(ClientFactory.Options(fixture.Silo.BaseUrl, $"fgc.{project}.prod.nokey.not-the-secret", handler, clock: clock));
        client.StatusChanged += (_, e) =>
        {
            lock (problems) problems.Add(e.Problem);
        };

        Assert.Equal(FlagStatus.Fatal, await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15)));
        await client.Loops.WaitAsync(TimeSpan.FromSeconds(15));
        clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal([401], handler.Exchanges.Select(e => e.Status));
        Assert.Empty(clock.Scheduled);
        Assert.Equal("fallback", client.GetStringValue("banner-color", "fallback"));
    }

    [Fact]
    public async Task Retry_after_on_429_is_honoured_to_the_second()
    {
        var (_, key) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document());
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var handler = new RecordingHandler();
        handler.InterceptBulk(_ => RecordingHandler.Status(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)));
        await using var client = new FlagGrainsClient(ClientFactory.Options(fixture.Silo.BaseUrl, key, handler, clock: clock));

        await handler.WaitForAsync(e => e.Status == 429, "the 429");
        var retryAt = clock.GetUtcNow() + TimeSpan.FromSeconds(7);
        await clock.WaitUntilScheduledAsync(s => s.Contains(retryAt), "the retry 7 s out");
        clock.Advance(TimeSpan.FromSeconds(6.9));
        Assert.Equal(1, handler.BulkRequests);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        await handler.WaitForAsync(e => e.IsBulk && e.Status == 200, "the retry");
        Assert.Equal(FlagStatus.Ready, await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(2, handler.BulkRequests);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_a_doubling_backoff_and_stale_values_meanwhile()
    {
        var (_, key) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document());
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var handler = new RecordingHandler();
        handler.InterceptBulk(_ => RecordingHandler.Status(HttpStatusCode.ServiceUnavailable));
        handler.InterceptBulk(_ => RecordingHandler.Status(HttpStatusCode.BadGateway));
        handler.InterceptBulk(_ => RecordingHandler.Status(HttpStatusCode.RequestTimeout));
        await using var client = new FlagGrainsClient(ClientFactory.Options(fixture.Silo.BaseUrl, key, handler, clock: clock));

        // Jitter is fixed at 0.5, so each delay is three quarters of 1 s, 2 s, 4 s.
        foreach (var (attempt, delay) in new[] { (1, 0.75), (2, 1.5), (3, 3.0) })
        {
            await handler.WaitForAsync(e => e.IsBulk && handler.BulkRequests == attempt, $"attempt {attempt}");
            var due = clock.GetUtcNow() + TimeSpan.FromSeconds(delay);
            await clock.WaitUntilScheduledAsync(s => s.Contains(due), $"retry {attempt} after {delay} s");
            Assert.Equal(FlagStatus.NotReady, client.Status);
            clock.Advance(TimeSpan.FromSeconds(delay));
        }

        Assert.Equal(FlagStatus.Ready, await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal([503, 502, 408, 200], handler.Exchanges.Where(e => e.IsBulk).Select(e => e.Status));
    }
}
