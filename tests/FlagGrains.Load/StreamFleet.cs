using System.Net;

namespace FlagGrains.Load;

/// <summary>Many event-stream connections to one silo, opened in parallel batches across several source addresses.</summary>
public sealed class StreamFleet : IAsyncDisposable
{
    private readonly List<SseConnection> _connections = [];

    public IReadOnlyList<SseConnection> Connections => _connections;

    /// <summary>Opens up to <paramref name="count"/>; stops early (keeping what opened) at the first batch that fails.</summary>
    public async Task<string?> OpenAsync(Uri streamUrl, int count, int sources, Action<SseConnection>? configure = null)
    {
        var silo = new IPEndPoint(IPAddress.Parse(streamUrl.Host), streamUrl.Port);
        const int batch = 500;
        while (_connections.Count < count)
        {
            var opening = Enumerable.Range(_connections.Count, Math.Min(batch, count - _connections.Count)).Select(async i =>
            {
                SseConnection? connection = null;
                try
                {
                    // Creating the socket can fail too (the process or the system is out of descriptors).
                    connection = new SseConnection();
                    configure?.Invoke(connection);
                    await connection.OpenAsync(SourceAddress(i, sources), silo, streamUrl.PathAndQuery);
                    return (connection, error: (string?)null);
                }
                catch (Exception ex)
                {
                    if (connection is not null) await connection.DisposeAsync();
                    return (connection: (SseConnection?)null, error: ex.Message);
                }
            }).ToList();
            var opened = await Task.WhenAll(opening);
            _connections.AddRange(opened.Where(o => o.connection is not null).Select(o => o.connection!));
            if (opened.FirstOrDefault(o => o.error is not null).error is { } error) return error;
        }

        return null;
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
