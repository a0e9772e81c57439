using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FlagGrains.Mobile.Events;
using FlagGrains.Mobile.Storage;
using FlagGrains.Mobile.Tests.TestSupport;
using FlagGrains.Testing;
using Xunit.Abstractions;

namespace FlagGrains.Mobile.Tests;

/// <summary>The SDK against a real silo over loopback sockets.</summary>
[Collection(SiloCollection.Name)]
public sealed class FlagGrainsClientTests(SiloFixture fixture, ITestOutputHelper output)
{
    private static readonly EvaluationContext Alice = EvaluationContext.For("alice").With("email", "alice@example.com").Build();

    [Fact]
    public async Task Fresh_values_from_the_server_are_typed_and_explained()
    {
        var (_, key) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document());
        await using var client = new FlagGrainsClient(ClientFactory.Options(fixture.Silo.BaseUrl, key, new RecordingHandler()), Alice);

        Assert.Equal(FlagStatus.Ready, await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.True(client.GetBooleanValue("dark-mode", false));
        Assert.Equal("red", client.GetStringValue("banner-color", "none"));
        Assert.Equal(3, client.GetIntegerValue("max-items", 0));
        Assert.Equal(0.25, client.GetDoubleValue("ratio", 0));
        Assert.Equal(2, client.GetObjectValue("layout", default).GetProperty("columns").GetInt32());
        var details = client.GetBooleanDetails("dark-mode", false);
        Assert.Equal(("on", "TARGETING_MATCH", FlagValueSource.Server), (details.Variant, details.Reason, details.Source));
        var disabled = client.GetBooleanDetails("retired", false);
        Assert.Equal((false, "DISABLED", null), (disabled.Value, disabled.Reason, disabled.ErrorCode));
        Assert.Equal((7, ErrorCodes.TypeMismatch), (client.GetIntegerValue("banner-color", 7), client.GetIntegerDetails("banner-color", 7).ErrorCode));
        Assert.Equal(ErrorCodes.FlagNotFound, client.GetStringDetails("no-such-flag", "x").ErrorCode);
    }

    [Fact]
    public async Task A_cold_start_offline_serves_the_values_cached_by_the_last_session()
    {
        var (_, key) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document("blue"));
        var store = new FileFlagStore(Path.Combine(Path.GetTempPath(), "flaggrains-tests", Guid.NewGuid().ToString("N")));
        await using (var online = new FlagGrainsClient(ClientFactory.Options(fixture.Silo.BaseUrl, key, new RecordingHandler(), store), Alice))
        {
            await online.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }

        // The next launch has no network: nothing listens on this port.
        var offlineUrl = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}/");
        await using var offline = new FlagGrainsClient(ClientFactory.Options(offlineUrl, key, new RecordingHandler(), store), Alice);
        await offline.Loaded.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal("blue", offline.GetStringValue("banner-color", "none"));
        Assert.True(offline.GetBooleanValue("dark-mode", false));
        var details = offline.GetStringDetails("banner-color", "none");
        Assert.Equal((Reasons.Cached, FlagValueSource.Cache), (details.Reason, details.Source));
        Assert.Equal(FlagStatus.Stale, offline.Status);
    }

    [Fact]
    public async Task The_device_id_is_persisted_and_is_the_targeting_key_of_anonymous_users()
    {
        var (_, key) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document());
        var store = new InMemoryFlagStore();
        string? first;
        await using (var client = new FlagGrainsClient(ClientFactory.Options(fixture.Silo.BaseUrl, key, new RecordingHandler(), store)))
        {
            await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15));
            first = client.DeviceId;
        }

        // The next launch's first fetch is held back, or fresh values could replace the cached ones before they are checked.
        var handler = new RecordingHandler();
        var release = new TaskCompletionSource();
        handler.InterceptBulk(async _ =>
        {
            await release.Task;
            return null;
        });
        await using var again = new FlagGrainsClient(ClientFactory.Options(fixture.Silo.BaseUrl, key, handler, store));
        await again.Loaded.WaitAsync(TimeSpan.FromSeconds(15));
        var source = again.GetStringDetails("banner-color", "x").Source;
        release.SetResult();

        Assert.NotNull(first);
        Assert.Equal(first, again.DeviceId);
        Assert.Null(again.Context.TargetingKey);
        Assert.Equal(FlagValueSource.Cache, source);
    }

    [Fact]
    public async Task Bootstrap_values_serve_a_first_launch_without_network_or_cache()
    {
        var options = ClientFactory.Options(new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}/"), "fgc.shop.prod.abc.secret", new RecordingHandler());
        options.Bootstrap = new Dictionary<string, object?> { ["banner-color"] = "green", ["max-items"] = 5 };
        await using var client = new FlagGrainsClient(options);

        Assert.Equal("green", client.GetStringValue("banner-color", "none"));
        Assert.Equal(5, client.GetIntegerValue("max-items", 0));
        Assert.Equal((Reasons.Static, FlagValueSource.Bootstrap), (client.GetStringDetails("banner-color", "x").Reason, client.GetStringDetails("banner-color", "x").Source));
        await client.Loaded.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(FlagStatus.NotReady, client.Status);
    }

    [Fact]
    public async Task A_flag_change_reaches_the_client_through_the_event_stream()
    {
        var (project, client, handler, changed) = await StreamingClientAsync();
        await using var _ = client;

        await fixture.Silo.PutFlagsAsync(project, Flags.Document("blue"));
        var change = await changed.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal("banner-color", change.FlagKey);
        Assert.Equal("blue", client.GetStringValue("banner-color", "none"));
        Assert.DoesNotContain(handler.Exchanges.Where(e => e.IsBulk).Skip(1), e => e.FlagConfigEtag is null);
    }

    [Fact]
    [Trait("Category", "Slo")]
    public async Task A_flag_change_reaches_the_client_within_a_second_of_its_acknowledgement()
    {
        var (project, client, _, changed) = await StreamingClientAsync();
        await using var _ = client;

        var clock = Stopwatch.StartNew();
        await fixture.Silo.PutFlagsAsync(project, Flags.Document("blue"));
        var written = clock.Elapsed;
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var delivered = clock.Elapsed;

        output.WriteLine($"admin write acknowledged after {written.TotalMilliseconds:F1} ms; FlagChanged after {delivered.TotalMilliseconds:F1} ms ({(delivered - written).TotalMilliseconds:F1} ms after the acknowledgement)");
        Assert.True(delivered < TimeSpan.FromSeconds(1), $"took {delivered}");
    }

    /// <summary>A client streaming changes of a fresh environment, past its connect notification, listening for a change.</summary>
    private async Task<(string Project, FlagGrainsClient Client, RecordingHandler Handler, TaskCompletionSource<FlagChangedEventArgs> Changed)> StreamingClientAsync()
    {
        var (project, key) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document("red"));
        var handler = new RecordingHandler();
        var client = new FlagGrainsClient(ClientFactory.Options(fixture.Silo.BaseUrl, key, handler), Alice);
        await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15));
        await handler.WaitForAsync(e => e.IsStream && e.Status == 200, "open event stream");

        // A fresh stream is told the current version at once; wait for that re-fetch so only the change is left.
        await handler.WaitForAsync(e => e.IsBulk && e.FlagConfigEtag is not null, "re-fetch of the connect notification");
        var changed = new TaskCompletionSource<FlagChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.FlagChanged += (_, e) =>
        {
            // The initial values' events may still be on their way; only the change to blue counts.
            if (client.GetStringValue("banner-color", "none") == "blue") changed.TrySetResult(e);
        };
        return (project, client, handler, changed);
    }

    [Fact]
    public async Task When_the_server_goes_away_the_last_values_keep_being_served()
    {
        await using var silo = await KestrelSilo.StartAsync();
        var (_, key) = await silo.CreateEnvironmentAsync(Flags.Document("blue"));
        var handler = new RecordingHandler();
        await using var client = new FlagGrainsClient(ClientFactory.Options(silo.BaseUrl, key, handler), Alice);
        await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15));
        await handler.WaitForAsync(e => e.IsStream && e.Status == 200, "open event stream");

        var stale = ClientFactory.WaitForStatusAsync(client, FlagStatus.Stale);
        await silo.DisposeAsync();
        await stale;

        Assert.Equal("blue", client.GetStringValue("banner-color", "none"));
        Assert.True(client.GetBooleanValue("dark-mode", false));
        Assert.Equal(FlagValueSource.Server, client.GetStringDetails("banner-color", "none").Source);
    }

    [Fact]
    public async Task Switching_context_keeps_the_old_values_until_the_new_ones_arrive()
    {
        var (_, key) = await fixture.Silo.CreateEnvironmentAsync(Flags.Document());
        var handler = new RecordingHandler();
        var options = ClientFactory.Options(fixture.Silo.BaseUrl, key, handler);
        options.EnableStreaming = false;
        await using var client = new FlagGrainsClient(options, Alice);
        await client.WaitUntilReadyAsync().WaitAsync(TimeSpan.FromSeconds(15));
        var release = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        handler.InterceptBulk(async _ =>
        {
            held.TrySetResult();
            await release.Task;
            return null;
        });

        var switched = client.SetContextAsync(EvaluationContext.For("bob").With("email", "bob@other.org").Build());
        await held.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var whileFetching = client.GetBooleanValue("dark-mode", false);
        release.SetResult();
        await switched.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(whileFetching);
        Assert.False(client.GetBooleanValue("dark-mode", true));
        Assert.Equal(FlagStatus.Ready, client.Status);
    }
}
