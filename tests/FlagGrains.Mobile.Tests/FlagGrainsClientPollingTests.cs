using FlagGrains.Mobile.Tests.TestSupport;
using FlagGrains.Testing;

namespace FlagGrains.Mobile.Tests;

/// <summary>Polling, the fallback when no stream is connected, on a manual clock.</summary>
[Collection(SiloCollection.Name)]
public sealed class FlagGrainsClientPollingTests(SiloFixture fixture)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Without_a_stream_the_client_polls_and_unchanged_polls_cost_a_304()
    {
        var (project, key) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document("red"));
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var handler = new RecordingHandler();
        var options = ClientFactory.Options(fixture.Silo.BaseUrl, key, handler, clock: clock);
        options.EnableStreaming = false;
        options.PollInterval = Interval;
        await using var client = new FlagGrainsClient(options);
        await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15));

        await PollAsync(clock, handler, expectedBulk: 2);
        await fixture.Silo.WaitUntilServedAsync(key, await fixture.Silo.PutFlagsAsync(project, Flags.Document("blue")));
        await PollAsync(clock, handler, expectedBulk: 3);

        Assert.Equal([200, 304, 200], handler.Exchanges.Where(e => e.IsBulk).Select(e => e.Status));
        Assert.NotEmpty(handler.Exchanges.Where(e => e.IsBulk).Skip(1).First().IfNoneMatch);
        Assert.Equal("blue", client.GetStringValue("banner-color", "none"));
        Assert.DoesNotContain(handler.Exchanges, e => e.IsStream);
    }

    [Fact]
    public async Task A_backgrounded_app_does_not_poll_and_refetches_on_resume()
    {
        var (_, key) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document());
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var handler = new RecordingHandler();
        var options = ClientFactory.Options(fixture.Silo.BaseUrl, key, handler, clock: clock);
        options.EnableStreaming = false;
        options.PollInterval = Interval;
        await using var client = new FlagGrainsClient(options);
        await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15));
        var pollDue = clock.GetUtcNow() + Interval;
        await clock.WaitUntilScheduledAsync(s => s.Contains(pollDue), "the first poll");

        client.SetForeground(false);
        await clock.WaitUntilScheduledAsync(s => !s.Contains(pollDue), "the poll to be dropped");
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, handler.BulkRequests);

        client.SetForeground(true);
        await handler.WaitForAsync(e => e.IsBulk && handler.BulkRequests == 2, "the re-fetch on resume");
    }

    private static async Task PollAsync(ManualClock clock, RecordingHandler handler, int expectedBulk)
    {
        var due = clock.GetUtcNow() + Interval;
        await clock.WaitUntilScheduledAsync(s => s.Contains(due), $"poll {expectedBulk}");
        clock.Advance(Interval);
        await handler.WaitForAsync(e => e.IsBulk && handler.BulkRequests == expectedBulk, $"poll {expectedBulk}");
    }
}
