using System.Net;
using System.Net.Sockets;

namespace FlagGrains.Testing;

/// <summary>Ports for silos started by tests, so test classes running in parallel never collide.</summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
