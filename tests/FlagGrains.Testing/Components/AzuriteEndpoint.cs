using System.Net.Sockets;

namespace FlagGrains.Testing.Components;

/// <summary>Where tests find Azurite's Table service, and whether it accepts connections.</summary>
public static class AzuriteEndpoint
{
    public const string Variable = "FLAGGRAINS_TEST_AZURITE";

    /// <summary><c>host:port</c> of the Table endpoint (Azurite's default is 127.0.0.1:10002).</summary>
    public static string HostAndPort =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : "127.0.0.1:10002";

    /// <summary>
    /// Azurite's fixed development account. Its key is public (Azurite's documentation prints it), so it is no secret
    /// and Azurite accepts nothing else.
    /// </summary>
    public const string AccountName = "devstoreaccount1";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static string Host => HostAndPort[..HostAndPort.LastIndexOf(':')];

    public static int Port => int.Parse(HostAndPort.AsSpan(HostAndPort.LastIndexOf(':') + 1), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A connection string for the development account, on <paramref name="port"/> (a proxy's) or Azurite's own.</summary>
    public static string ConnectionString(int? port = null) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://{Host}:{port ?? Port}/{AccountName};";

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
