using System.Net;
using FlagGrains.Grains.Gateways;
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
            new GatewaySnapshotRegistry(null!, new LocalSilo()),
            Options.Create(options),
            Clock,
            new Lifetime(_stopping.Token),
            NullLogger<EventStreamHub>.Instance);
    }

    public ManualClock Clock { get; } = new();

    public EventStreamHub Hub { get; }

    public EventStreamConnection Connect(string environmentKey, string keyId)
    {
        var connection = new EventStreamConnection(environmentKey, keyId);
        Assert.True(Hub.TryAdd(connection));
        return connection;
    }

    public void StopApplication() => _stopping.Cancel();

    public void Dispose()
    {
        Hub.Dispose();
        _stopping.Dispose();
    }

    private sealed class LocalSilo : ILocalSiloDetails
    {
        public string Name => "test";

        public string ClusterId => "test";

        public string DnsHostName => "localhost";

        public SiloAddress SiloAddress { get; } = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);

        public SiloAddress GatewayAddress => SiloAddress;
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
