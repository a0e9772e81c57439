using System.Net;
using FlagGrains.Serving;
using FlagGrains.Serving.Snapshots;
using FlagGrains.Silo.Apis.Streams;
using FlagGrains.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Tests.Apis.Streams.Support;

/// <summary>An <see cref="EventStreamHub"/> on a manual clock, without a silo.</summary>
public sealed class HubHarness : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public HubHarness(EventStreamOptions options)
    {
        Hub = new EventStreamHub(
            new SnapshotRegistry(Options.Create(new ServingOptions()), Clock),
            Options.Create(options),
            Clock,
            new Lifetime(_stopping.Token),
            NullLogger<EventStreamHub>.Instance);
    }

    public ManualClock Clock { get; } = new();

    public EventStreamHub Hub { get; }

    public EventStreamConnection Connect(string environmentKey, string keyId, string address = "192.0.2.1")
    {
        var connection = new EventStreamConnection(environmentKey, keyId, IPAddress.Parse(address));
        Assert.Equal(StreamAdmission.Accepted, Hub.TryAdd(connection));
        return connection;
    }

    public void StopApplication() => _stopping.Cancel();

    public void Dispose()
    {
        Hub.Dispose();
        _stopping.Dispose();
    }

    private sealed class Lifetime(CancellationToken stopping) : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => stopping;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
