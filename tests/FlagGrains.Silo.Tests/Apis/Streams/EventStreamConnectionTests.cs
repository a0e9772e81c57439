using System.IO.Pipelines;
using System.Text;
using FlagGrains.Silo.Apis.Streams;
using FlagGrains.Silo.Tests.Apis.Streams.Support;

namespace FlagGrains.Silo.Tests.Apis.Streams;

public sealed class EventStreamConnectionTests
{
    private static readonly DateTimeOffset Modified = DateTimeOffset.FromUnixTimeSeconds(1_771_622_898);

    [Fact]
    public async Task Notifications_coalesce_into_one_event_for_the_newest_version()
    {
        var connection = new EventStreamConnection("p/e", "k");
        connection.Notify(new Announcement(3, Modified));
        connection.Notify(new Announcement(5, Modified));
        connection.Notify(new Announcement(4, Modified));

        var written = await FirstWriteAsync(connection);

        Assert.Equal("id: 5\nevent: message\ndata: {\"type\":\"refetchEvaluation\",\"etag\":\"\\\"v5\\\"\",\"lastModified\":1771622898}\n\n", written);
    }

    [Fact]
    public async Task A_version_the_client_acknowledged_is_not_sent_again()
    {
        var connection = new EventStreamConnection("p/e", "k");
        connection.Acknowledge(7);
        connection.Notify(new Announcement(7, Modified));
        connection.RequestHeartbeat();

        Assert.Equal(": keep-alive\n\n", await FirstWriteAsync(connection));
    }

    [Fact]
    public async Task Wakes_for_work_that_arrives_while_it_waits()
    {
        var connection = new EventStreamConnection("p/e", "k");
        var pipe = new Pipe();
        var running = connection.RunAsync(pipe.Writer, CancellationToken.None);

        connection.Notify(new Announcement(1, Modified));
        var read = await pipe.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        connection.Close();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("id: 1\n", Encoding.UTF8.GetString(read.Buffer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_went_away_is_ended_by_the_next_abandoned_check_and_leaves_its_hub()
    {
        using var harness = new HubHarness(new EventStreamOptions { AbandonedCheckInterval = TimeSpan.FromSeconds(1) });
        var connection = harness.Connect("p/e", "k");
        using var aborted = new CancellationTokenSource();
        var running = connection.RunAsync(new Pipe().Writer, aborted.Token, harness.Hub);

        await aborted.CancelAsync();
        await Task.Delay(50);
        Assert.False(running.IsCompleted, "an idle stream has no registration of its own; the hub's check ends it");

        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        // Ends quietly: a client going away is how every stream ends, not an error.
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, harness.Hub.ConnectionCount);
    }

    [Fact]
    public async Task A_client_that_went_away_ends_the_loop_at_its_next_wake()
    {
        var connection = new EventStreamConnection("p/e", "k");
        using var aborted = new CancellationTokenSource();
        var running = connection.RunAsync(new Pipe().Writer, aborted.Token);

        await aborted.CancelAsync();
        connection.RequestHeartbeat();

        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Closing_ends_the_loop_without_writing_more()
    {
        var connection = new EventStreamConnection("p/e", "k");
        var running = connection.RunAsync(new Pipe().Writer, CancellationToken.None);

        connection.Close();

        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(connection.IsClosed);
    }

    /// <summary>Everything queued before the loop starts goes out in its first flush.</summary>
    private static async Task<string> FirstWriteAsync(EventStreamConnection connection)
    {
        var pipe = new Pipe();
        var running = connection.RunAsync(pipe.Writer, CancellationToken.None);
        var result = await pipe.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var text = Encoding.UTF8.GetString(result.Buffer);
        connection.Close();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        return text;
    }
}
