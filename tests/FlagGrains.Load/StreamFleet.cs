using System.Net;

namespace FlagGrains.Load;

/// <summary>Many event-stream connections to one silo, opened in parallel batches across several source addresses.</summary>
public sealed class StreamFleet : IAsyncDisposable
{
    private readonly List<SseConnection> _connections = [];

    public IReadOnlyList<SseConnection> Connections => _connections;

    /// <summary>
    /// Opens up to <paramref name="count"/>, keeping <paramref name="inFlight"/> connects under way at once (a window,
    /// not batches: a batch waits for its slowest connect while the silo idles); stops early, keeping what opened, at
    /// the first connect that fails.
    /// </summary>
    public async Task<string?> OpenAsync(Uri streamUrl, int count, int sources, Action<SseConnection>? configure = null, int inFlight = 500)
    {
        var silo = new IPEndPoint(IPAddress.Parse(streamUrl.Host), streamUrl.Port);
        using var window = new SemaphoreSlim(inFlight);
        var opening = new List<Task>();
        string? error = null;
        for (var index = _connections.Count; index < count && Volatile.Read(ref error) is null; index++)
        {
            await window.WaitAsync();
            var source = SourceAddress(index, sources);
            opening.Add(Task.Run(async () =>
            {
                SseConnection? connection = null;
                try
                {
                    // Creating the socket can fail too (the process or the system is out of descriptors).
                    connection = new SseConnection();
                    configure?.Invoke(connection);
                    await connection.OpenAsync(source, silo, streamUrl.PathAndQuery);
                    lock (_connections) _connections.Add(connection);
                }
                catch (Exception ex)
                {
                    if (connection is not null) await connection.DisposeAsync();
                    Interlocked.CompareExchange(ref error, ex.Message, null);
                }
                finally
                {
                    window.Release();
                }
            }));
        }

        await Task.WhenAll(opening);
        return error;
    }

    /// <summary>Waits until every connection has seen at least <paramref name="version"/> (or failed), up to <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForVersionAsync(long version, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_connections.All(c => c.SeenVersion >= version || c.Failed)) break;
            await Task.Delay(20);
        }

        return _connections.Count(c => c.SeenVersion >= version);
    }

    /// <summary>127.0.0.2, 127.0.0.3, … round robin (the whole 127/8 block is loopback on Linux).</summary>
    private static IPAddress SourceAddress(int index, int sources) => new([127, 0, 0, (byte)(2 + index % sources)]);

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections) await connection.DisposeAsync();
        _connections.Clear();
    }
}
