using System.Net.Http.Json;
using System.Text.Json;
using FlagGrains.Silo.Tests.Apis.Streams.Support;
using FlagGrains.Silo.Tests.TestSupport;

namespace FlagGrains.Silo.Tests.Apis.Streams;

/// <summary>Streams across silo lifetimes: separate silos, so each test pays for its own.</summary>
public sealed class StreamLifecycleTests
{
    [Fact]
    public async Task A_stream_url_issued_by_one_silo_is_accepted_by_another()
    {
        // One after the other on the same database: two single-silo clusters must not share storage at once, and
        // what matters is that the signing key lives in the cluster's storage, not in one process.
        string databasePath, key, fromFirst;
        await using (var first = new SiloFactory())
        {
            databasePath = first.DatabasePath;
            key = await first.CreateAdminClient().CreateWithKeyAsync(Environments.NewProject(), "prod", Documents.Mixed);
            fromFirst = await StreamUrlAsync(first.CreateKeyClient(key));
        }

        await using var second = new SiloFactory(databasePath);
        var fromSecond = await StreamUrlAsync(second.CreateKeyClient(key));
        await using var stream = await SseTestStream.OpenAsync(second.CreateClient(), fromFirst);

        Assert.Equal(fromFirst, fromSecond);
        Assert.NotNull(await stream.ReadEventAsync());
    }

    [Fact]
    public async Task Stopping_a_silo_ends_its_streams_instead_of_waiting_for_them()
    {
        var silo = new SiloFactory();
        var key = await silo.CreateAdminClient().CreateWithKeyAsync(Environments.NewProject(), "prod", Documents.Mixed);
        var stream = await SseTestStream.OpenAsync(silo.CreateClient(), await StreamUrlAsync(silo.CreateKeyClient(key)));
        await stream.ReadEventAsync();

        // Well inside the host's 30 s shutdown timeout, which an open stream would otherwise use up.
        await silo.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Null(await stream.ReadEventAsync());
        await stream.DisposeAsync();
    }

    private static async Task<string> StreamUrlAsync(HttpClient device)
    {
        var response = await device.PostAsJsonAsync("/ofrep/v1/evaluate/flags", new { context = new { targetingKey = "u1" } });
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        Assert.True(body.RootElement.TryGetProperty("eventStreams", out var streams), $"{response.StatusCode}: {text}");
        return streams[0].GetProperty("url").GetString()!;
    }
}
