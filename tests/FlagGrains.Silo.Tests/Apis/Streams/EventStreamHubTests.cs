using System.Net;
using System.Text;
using FlagGrains.Silo.Apis.Streams;
using FlagGrains.Silo.Tests.Apis.Streams.Support;

namespace FlagGrains.Silo.Tests.Apis.Streams;

public sealed class EventStreamHubTests
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task One_timer_serves_every_connections_heartbeat()
    {
        using var harness = new HubHarness(new EventStreamOptions { HeartbeatInterval = Heartbeat });
        var silo = harness.Clock.Scheduled.Count; // the heartbeat and the abandoned-stream check
        var connections = Enumerable.Range(0, 50).Select(i => harness.Connect($"p/e{i % 3}", "k")).ToList();

        Assert.Equal(2, silo);
        Assert.Equal(silo, harness.Clock.Scheduled.Count);
        harness.Clock.Advance(Heartbeat);

        foreach (var connection in connections)
        {
            var written = await WrittenAsync(connection);
            Assert.Equal(": keep-alive\n\n", written);
        }
    }

    [Fact]
    public async Task A_large_audience_is_notified_in_slices_over_the_spread()
    {
        // 20 connections at 40 re-fetches/s: one connection per 25 ms slice, over about half a second.
        using var harness = new HubHarness(new EventStreamOptions { HeartbeatInterval = Heartbeat, RefetchesPerSecond = 40, MaxFanOutSpread = TimeSpan.FromSeconds(1) });
        var connections = Enumerable.Range(0, 20).Select(_ => harness.Connect("p/e", "k")).ToList();

        harness.Hub.OnPublished(Snapshots.WithKeys("p/e", 2, "k"));
        var notifiedPerSlice = new List<int>();
        for (var slice = 1; slice < 20; slice++)
        {
            await harness.Clock.WaitUntilScheduledAsync(s => s.Contains(harness.Clock.GetUtcNow() + FanOutPlan.SliceInterval), $"slice {slice + 1} to be scheduled");
            notifiedPerSlice.Add(connections.Count(c => c.PendingVersion == 2));
            harness.Clock.Advance(FanOutPlan.SliceInterval);
        }

        await WaitUntilAsync(() => connections.All(c => c.PendingVersion == 2), "the last slice");
        Assert.Equal(Enumerable.Range(1, 19), notifiedPerSlice);
    }

    [Fact]
    public async Task A_small_audience_is_notified_in_one_go()
    {
        using var harness = new HubHarness(new EventStreamOptions { HeartbeatInterval = Heartbeat });
        var connections = Enumerable.Range(0, 100).Select(_ => harness.Connect("p/e", "k")).ToList();
        var before = harness.Clock.Scheduled.ToList();

        harness.Hub.OnPublished(Snapshots.WithKeys("p/e", 2, "k"));

        await WaitUntilAsync(() => connections.All(c => c.PendingVersion == 2), "the fan-out");
        Assert.Equal(before, harness.Clock.Scheduled);
    }

    [Fact]
    public async Task Streams_of_a_key_that_disappeared_are_closed_and_the_rest_notified()
    {
        using var harness = new HubHarness(new EventStreamOptions { HeartbeatInterval = Heartbeat });
        var revoked = harness.Connect("p/e", "gone");
        var kept = harness.Connect("p/e", "kept");
        var otherEnvironment = harness.Connect("p/other", "gone");

        harness.Hub.OnPublished(Snapshots.WithKeys("p/e", 2, "kept"));

        await WaitUntilAsync(() => revoked.IsClosed && kept.PendingVersion == 2, "the fan-out");
        Assert.False(kept.IsClosed);
        Assert.False(otherEnvironment.IsClosed);
        Assert.Equal(-1, otherEnvironment.PendingVersion);
    }

    [Fact]
    public void An_older_version_published_late_is_ignored()
    {
        using var harness = new HubHarness(new EventStreamOptions { HeartbeatInterval = Heartbeat });
        var connection = harness.Connect("p/e", "k");
        connection.Acknowledge(5);

        harness.Hub.OnPublished(Snapshots.WithKeys("p/e", 5, "k"));
        harness.Hub.OnPublished(Snapshots.WithKeys("p/e", 4, "k"));

        Assert.Equal(-1, connection.PendingVersion);
    }

    [Fact]
    public void A_full_silo_refuses_more_streams()
    {
        using var harness = new HubHarness(new EventStreamOptions { HeartbeatInterval = Heartbeat, MaxConnections = 2 });
        harness.Connect("p/e", "k");
        var second = harness.Connect("p/e", "k");

        Assert.Equal(StreamAdmission.SiloFull, harness.Hub.TryAdd(new EventStreamConnection("p/e", "k")));
        harness.Hub.Remove(second);
        Assert.Equal(StreamAdmission.Accepted, harness.Hub.TryAdd(new EventStreamConnection("p/e", "k")));
        Assert.Equal(2, harness.Hub.ConnectionCount);
    }

    [Fact]
    public void One_address_cannot_take_more_than_its_share_of_streams()
    {
        using var harness = new HubHarness(new EventStreamOptions { HeartbeatInterval = Heartbeat, MaxConnectionsPerAddress = 2 });
        var first = harness.Connect("p/e", "k1", "198.51.100.7");
        harness.Connect("p/e", "k2", "198.51.100.7");

        Assert.Equal(StreamAdmission.AddressFull, harness.Hub.TryAdd(new EventStreamConnection("p/e", "k3", IPAddress.Parse("198.51.100.7"))));
        Assert.Equal(StreamAdmission.Accepted, harness.Hub.TryAdd(new EventStreamConnection("p/e", "k3", IPAddress.Parse("198.51.100.8"))));
        harness.Hub.Remove(first);
        Assert.Equal(StreamAdmission.Accepted, harness.Hub.TryAdd(new EventStreamConnection("p/e", "k3", IPAddress.Parse("198.51.100.7"))));
    }

    [Fact]
    public void One_key_cannot_take_more_than_its_share_of_streams()
    {
        using var harness = new HubHarness(new EventStreamOptions { HeartbeatInterval = Heartbeat, MaxConnectionsPerKey = 2 });
        harness.Connect("p/e", "leaked", "192.0.2.1");
        var second = harness.Connect("p/e", "leaked", "192.0.2.2");

        Assert.Equal(StreamAdmission.KeyFull, harness.Hub.TryAdd(new EventStreamConnection("p/e", "leaked", IPAddress.Parse("192.0.2.3"))));
        Assert.Equal(StreamAdmission.Accepted, harness.Hub.TryAdd(new EventStreamConnection("p/e", "other", IPAddress.Parse("192.0.2.3"))));
        harness.Hub.Remove(second);
        Assert.Equal(StreamAdmission.Accepted, harness.Hub.TryAdd(new EventStreamConnection("p/e", "leaked", IPAddress.Parse("192.0.2.4"))));
        Assert.Equal(0, harness.Hub.ConnectionsOf(IPAddress.Parse("192.0.2.2")));
    }

    [Fact]
    public void Stopping_the_silo_closes_every_stream_and_refuses_new_ones()
    {
        using var harness = new HubHarness(new EventStreamOptions { HeartbeatInterval = Heartbeat });
        var open = harness.Connect("p/e", "k");

        harness.StopApplication();

        Assert.True(open.IsClosed);
        Assert.Equal(StreamAdmission.SiloFull, harness.Hub.TryAdd(new EventStreamConnection("p/e", "k")));
    }

    private static async Task<string> WrittenAsync(EventStreamConnection connection)
    {
        var pipe = new System.IO.Pipelines.Pipe();
        var running = connection.RunAsync(pipe.Writer, CancellationToken.None);
        var read = await pipe.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        connection.Close();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.UTF8.GetString(read.Buffer);
    }

    /// <summary>The fan-out runs on the thread pool; bounded so a bug fails instead of hanging.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Yield();
        }
    }
}
