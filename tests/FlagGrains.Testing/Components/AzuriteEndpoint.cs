using System.Net.Sockets;

namespace FlagGrains.Testing.Components;

/// <summary>Where tests find Azurite's Table service, and whether it accepts connections.</summary>
public static class AzuriteEndpoint
{
    public const string Variable = "FLAGGRAINS_TEST_AZURITE";

    /// <summary><c>host:port</c> of the Table endpoint (Azurite's default is 127.0.0.1:10002).</summary>
    public static string HostAndPort =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : "127.0.0.1:10002";

    public static string? UnavailableReason()
    {
        var separator = HostAndPort.LastIndexOf(':');
        if (separator <= 0 || !int.TryParse(HostAndPort.AsSpan(separator + 1), out var port))
            return $"{Variable}='{HostAndPort}' is not host:port";

        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(HostAndPort[..separator], port).Wait(TimeSpan.FromSeconds(2))
                ? null
                : $"nothing answered on {HostAndPort} within 2 s";
        }
        catch (AggregateException ex) when (ex.InnerException is SocketException socket)
        {
            return $"nothing listens on {HostAndPort} ({socket.SocketErrorCode})";
        }
    }
}
