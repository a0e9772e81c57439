using System.Net;
using System.Net.Sockets;

namespace FlagGrains.Testing;

/// <summary>Ports for silos started by tests, so test classes running in parallel never collide.</summary>
/// <remarks>
/// Taken below the kernel's ephemeral range (32768–60999 by default). A port the kernel hands out for "port 0" comes
/// from the same range as the source ports of outgoing connections, so between being picked and being bound it could
/// be taken by a database or HTTP client connection (CI: a silo failed to start with "address already in use").
/// Each process starts at a random place in the range so parallel test processes rarely try the same port, and a port
/// is only handed out after it could be bound.
/// </remarks>
public static class FreeTcpPort
{
    private const int First = 20_000;
    private const int Count = 12_000;

    private static int _offset = Random.Shared.Next(Count);

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _offset) % Count);
            if (CanBind(port)) return port;
        }

        throw new InvalidOperationException($"No free TCP port between {First} and {First + Count - 1}.");
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
