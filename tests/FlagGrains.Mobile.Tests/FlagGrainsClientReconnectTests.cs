using System.Globalization;
using FlagGrains.Mobile.Tests.TestSupport;
using FlagGrains.Testing;

namespace FlagGrains.Mobile.Tests;

/// <summary>A dropped event stream against a real silo: the reconnect resumes where the device left off.</summary>
[Collection(SiloCollection.Name)]
public sealed class FlagGrainsClientReconnectTests(SiloFixture fixture)
{
    [Fact]
    public async Task A_change_made_while_the_stream_was_down_is_announced_on_reconnect()
    {
        var (project, key) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document("red"));
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var handler = new RecordingHandler();
        await using var client = new FlagGrainsClient(ClientFactory.Options(fixture.Silo.BaseUrl, key, handler, clock: clock));
        await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15));

        // A fresh stream is told the current version at once; the id of that event is the version.
        var connect = await handler.WaitForAsync(e => e.IsBulk && e.FlagConfigEtag is not null, "the re-fetch of the connect notification");
        var heard = connect.FlagConfigEtag!.Trim('"').TrimStart('v');
        var changed = ClientFactory.ChangeToAsync(client, "banner-color", "blue");

        var dropped = clock.GetUtcNow();
        handler.CutStreams();
        await clock.WaitUntilScheduledAsync(s => s.Contains(dropped + TimeSpan.FromSeconds(3)), "the reconnect after the silo's 3 s retry hint");
        var version = await fixture.Silo.PutFlagsAsync(project, Flags.Document("blue"));
        await fixture.Silo.WaitUntilServedAsync(key, version);
        clock.Advance(TimeSpan.FromSeconds(3));
        await changed;

        // The silo announced the change at once (its id, the version, differs from Last-Event-ID) and it was re-fetched.
        await handler.WaitForAsync(e => e.IsBulk && e.FlagConfigEtag == $"\"v{version.ToString(CultureInfo.InvariantCulture)}\"", "the re-fetch of the announcement");
        Assert.Equal([null, heard], handler.Exchanges.Where(e => e.IsStream).Select(e => e.LastEventId));
    }
}
