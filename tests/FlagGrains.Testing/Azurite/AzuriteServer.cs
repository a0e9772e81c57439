using System.Net.Sockets;

namespace FlagGrains.Testing.Azurite;

/// <summary>Where the Azure Table tests find Azurite's table service (`.ci/azurite.sh` starts it), and whether it answers.</summary>
public static class AzuriteServer
{
    public const string EndpointVariable = "FLAGGRAINS_TEST_AZURITE";

    /// <summary>
    /// Azurite's fixed development account. Its key is public (Azurite's documentation prints it), so it is no secret
    /// and Azurite accepts nothing else.
    /// </summary>
    public const string AccountName = "devstoreaccount1";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Probed once per test run, as PostgresServer does.
    private static readonly Lazy<string?> Probe = new(ProbeServer);

    /// <summary><c>host:port</c> of the table service; 127.0.0.1:10002 (Azurite's default table port) unless configured.</summary>
    public static string Endpoint =>
        Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } configured ? configured : "127.0.0.1:10002";

    public static string Host => Endpoint[..Endpoint.LastIndexOf(':')];

    public static int Port => int.Parse(Endpoint[(Endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Null when the table port accepted a connection; otherwise why not.</summary>
    public static string? UnavailableReason => Probe.Value;

    /// <summary>A connection string for the development account, on <paramref name="port"/> (a proxy's) or Azurite's own.</summary>
    public static string ConnectionString(int? port = null) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://{Host}:{port ?? Port}/{AccountName};";

    private static string? ProbeServer()
    {
        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(Host, Port).Wait(TimeSpan.FromSeconds(3))) return $"no answer from {Endpoint} within 3 s";
            return null;
        }
        catch (Exception ex)
        {
            return $"{Endpoint}: {(ex as AggregateException)?.InnerException?.Message ?? ex.Message}";
        }
    }
}
