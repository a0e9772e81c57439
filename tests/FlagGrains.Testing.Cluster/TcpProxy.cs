using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FlagGrains.Testing.Cluster;

/// <summary>
/// A loopback TCP proxy in front of a shared server (PostgreSQL, Azurite's table service), so one test can take it
/// away from its silos without stopping the server other tests are using. <see cref="Cut"/> behaves like a stopped
/// server: open connections break at once and new ones are refused; <see cref="Restore"/> accepts again.
/// <see cref="Latency"/> makes it a slow one instead.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _upstream;
    private readonly ConcurrentDictionary<Piped, byte> _open = new();
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;
    private volatile bool _down;
    private int _accepted;
    private long _latencyTicks;

    private TcpProxy(IPEndPoint upstream)
    {
        _upstream = upstream;
        Port = Listen(0);
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port { get; }

    /// <summary>Connections accepted so far, a sign that the clients really go through the proxy.</summary>
    public int Accepted => _accepted;

    /// <summary>Added to every chunk passed on, in both directions: a slow database or a long network path.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    public static async Task<TcpProxy> StartAsync(string upstreamHost, int upstreamPort)
    {
        var address = IPAddress.TryParse(upstreamHost, out var literal)
            ? literal
            : (await Dns.GetHostAddressesAsync(upstreamHost)).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        return new TcpProxy(new IPEndPoint(address, upstreamPort));
    }

    /// <summary>Breaks every open connection (TCP reset) and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _down = true;
            _listener?.Stop();
            _listener = null;
        }

        foreach (var connection in _open.Keys) connection.Reset();
    }

    public void Restore()
    {
        lock (_gate)
        {
            if (_listener is null) Listen(Port);
            _down = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Cut();
        await _accepting;
    }

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);

        // Re-opening the same port right after Cut must not wait for the old sockets to time out.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _accepting = AcceptAsync(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // Cut or disposed.
            }

            Interlocked.Increment(ref _accepted);
            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var piped = new Piped(client, upstream);
        _open[piped] = 0;
        var graceful = false;
        try
        {
            // Accepted just before a cut: it must not slip through.
            if (_down) return;
            await upstream.ConnectAsync(_upstream);
            await Task.WhenAny(CopyAsync(client, upstream), CopyAsync(upstream, client));
            graceful = !_down;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // A cut connection, or the server went away: either way this pair is done.
        }
        finally
        {
            _open.TryRemove(piped, out _);
            if (graceful) piped.Close();
            else piped.Reset();
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0) return;
                if (Latency is { Ticks: > 0 } latency) await Task.Delay(latency);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The other direction or Cut closed the pair.
        }
    }

    /// <summary>One client connection and its upstream twin.</summary>
    private sealed class Piped(Socket client, Socket upstream)
    {
        /// <summary>One side ended the conversation; pass the end on politely.</summary>
        public void Close()
        {
            client.Close();
            upstream.Close();
        }

        /// <summary>Closes both sides with a reset, as a crashed server or a broken network would.</summary>
        public void Reset()
        {
            foreach (var socket in new[] { client, upstream })
            {
                try
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    // Already closed.
                }
            }
        }
    }
}
