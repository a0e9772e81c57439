using System.Text.RegularExpressions;

namespace FlagGrains.Clustering.AzureStorage;

/// <summary>
/// Bound from <c>FlagGrains:Cluster:AzureStorage</c> by the silo and the client library alike: where the Orleans
/// membership table lives in Azure Table Storage. Exactly one of <see cref="ConnectionString"/> and
/// <see cref="ServiceUri"/> is set.
/// </summary>
public sealed partial class AzureStorageMembershipOptions
{
    public const string Section = "FlagGrains:Cluster:AzureStorage";

    /// <summary>Orleans' own default, so a cluster moved onto these settings keeps its table.</summary>
    public const string DefaultTableName = "OrleansSiloInstances";

    /// <summary>
    /// A storage account connection string (account key or SAS). The form that works against Azurite and any account
    /// without Entra ID; it is a secret, so it belongs in a secret store, not in a profile file.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The table service endpoint (<c>https://{account}.table.core.windows.net</c>), authenticated with
    /// <c>DefaultAzureCredential</c>: a managed identity in Azure, a developer's Azure CLI login elsewhere.
    /// </summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The membership table; one table can hold many clusters (one partition per cluster id).</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// Silos only: how long a starting silo keeps trying to reach the table before it refuses to start (exit code 2).
    /// A table service that is briefly unreachable delays the start instead of failing it.
    /// </summary>
    public TimeSpan StartupCheckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every configuration problem, each naming its key; empty when the options are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == ServiceUri is not null)
        {
            problems.Add(hasConnectionString
                ? $"set either {Section}:ConnectionString or {Section}:ServiceUri, not both."
                : $"{Section}:ConnectionString (a storage account connection string) or {Section}:ServiceUri (the table endpoint, used with DefaultAzureCredential) is required.");
        }

        if (ServiceUri is { } uri && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
            problems.Add($"{Section}:ServiceUri must be an absolute http(s) URI such as https://myaccount.table.core.windows.net.");

        if (hasConnectionString && MembershipTableService.ParseProblem(ConnectionString!) is { } parseProblem)
            problems.Add($"{Section}:ConnectionString is not a usable Azure Storage connection string: {parseProblem}");

        if (StartupCheckTimeout <= TimeSpan.Zero) problems.Add($"{Section}:StartupCheckTimeout must be positive.");

        if (!TableNamePattern().IsMatch(TableName ?? ""))
            problems.Add($"{Section}:TableName '{TableName}' is not a table name (3-63 letters and digits, starting with a letter).");

        return problems;
    }

    // Azure Table Storage's naming rule.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
