using Azure.Data.Tables;
using Azure.Identity;

namespace FlagGrains.Clustering.AzureStorage;

/// <summary>The table service client that membership (silo and client) and the start-up check use.</summary>
internal static class MembershipTableService
{
    /// <summary>Options must have no <see cref="AzureStorageMembershipOptions.Problems"/>; the SDK throws on a connection string it cannot parse.</summary>
    /// <param name="retries">SDK retries per operation; the start-up check retries on its own, so each failure is seen.</param>
    public static TableServiceClient Create(AzureStorageMembershipOptions options, int retries = 3) =>
        options.ServiceUri is { } serviceUri
            ? new TableServiceClient(serviceUri, new DefaultAzureCredential(), ClientOptions(retries))
            : new TableServiceClient(options.ConnectionString, ClientOptions(retries));

    /// <summary>Why the SDK cannot use this connection string, or null. Parsing only: nothing is sent.</summary>
    public static string? ParseProblem(string connectionString)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // Some parse errors quote a piece of the string, which may be a key: those are not repeated.
            const string expected = "expected DefaultEndpointsProtocol=…;AccountName=…;AccountKey=… or TableEndpoint=…;SharedAccessSignature=…";
            var quotesInput = connectionString.Split(';', '=').Any(part => part.Trim().Length >= 4 && ex.Message.Contains(part.Trim(), StringComparison.Ordinal));
            return quotesInput ? expected : $"{ex.Message} ({expected})";
        }
    }

    /// <summary>Where the client sends its requests, without any credential (a SAS lives in the query).</summary>
    public static string Endpoint(TableServiceClient client) => client.Uri.GetLeftPart(UriPartial.Path);

    /// <summary>
    /// Fails a membership operation within seconds. The SDK's defaults (100 s per attempt, retries backing off to a
    /// minute) would let one IAmAlive write or death vote hang for minutes against an unreachable service, while
    /// Orleans' own loops retry every few seconds anyway and succeed as soon as the service answers again.
    /// </summary>
    private static TableClientOptions ClientOptions(int retries)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = retries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }
}
