using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FlagGrains.Load;

/// <summary>
/// A minimal event-stream client on a raw socket, so tens of thousands fit in one process: it sends the GET, then
/// only looks for <c>id: {version}</c> lines and stamps when each version arrived. Bound to a chosen 127.0.0.x source
/// address, because one address pair has only ~28,000 ephemeral ports.
/// </summary>
public sealed class SseConnection : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly byte[] _buffer = new byte[512];
    private readonly CancellationTokenSource _stop = new();
    private Task _reading = Task.CompletedTask;
    private long _seenVersion = -1;

    /// <summary>Called with (version, Stopwatch timestamp) for each notification.</summary>
    public Action<long, long>? Notified { get; set; }

    public long SeenVersion => Interlocked.Read(ref _seenVersion);

    public bool Failed { get; private set; }

    public async Task OpenAsync(IPAddress source, IPEndPoint silo, string pathAndQuery)
    {
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(new IPEndPoint(source, 0));
        await _socket.ConnectAsync(silo);
        var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: {silo}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n";
        await _socket.SendAsync(Encoding.ASCII.GetBytes(request));
        _reading = ReadAsync();
    }

    private async Task ReadAsync()
    {
        var carry = new List<byte>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await _socket.ReceiveAsync(_buffer, _stop.Token);
                if (read == 0) break;
                var at = Stopwatch.GetTimestamp();
                carry.AddRange(_buffer.AsSpan(0, read));
                Scan(carry, at);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        if (!_stop.IsCancellationRequested) Failed = true;
    }

    /// <summary>Consumes complete lines; "HTTP/1.1 503" ends it as failed, "id: N" is a notification.</summary>
    private void Scan(List<byte> carry, long at)
    {
        int newline;
        while ((newline = carry.IndexOf((byte)'\n')) >= 0)
        {
            var line = carry.GetRange(0, newline).ToArray().AsSpan().TrimEnd((byte)'\r');
            carry.RemoveRange(0, newline + 1);
            if (line.StartsWith("HTTP/1.1 "u8) && !line.StartsWith("HTTP/1.1 200"u8)) Failed = true;
            if (line.StartsWith("id: "u8) && Utf8Parser.TryParse(line[4..], out long version, out _))
            {
                Interlocked.Exchange(ref _seenVersion, version);
                Notified?.Invoke(version, at);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
