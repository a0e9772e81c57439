using System.Net;
using System.Net.Sockets;

namespace FlagGrains.Persistence.Tests.Infrastructure;

/// <summary>Asks the OS for unused ports, because other builds and test runs share this machine.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
