using Azure.Data.Tables;
using FlagGrains.Clustering.AzureStorage;
using FlagGrains.Testing.Components;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// Membership in an Azure table on Azurite. The silos may reach the table service through a proxy
/// (<paramref name="silosPort"/>) that a test can cut; the test itself always reads the table on Azurite directly.
/// </summary>
public sealed class AzureTableMembership(int? silosPort = null) : IClusterMembership
{
    public string SilosConnectionString { get; } = AzuriteEndpoint.ConnectionString(silosPort);

    public IReadOnlyDictionary<string, string> SiloEnvironment => new Dictionary<string, string>
    {
        ["FlagGrains__Cluster__Mode"] = "AzureStorage",
        ["FlagGrains__Cluster__AzureStorage__ConnectionString"] = SilosConnectionString,
    };

    /// <summary>An Orleans client configured as the FlagGrains client library configures itself.</summary>
    public void UseIn(IClientBuilder client) =>
        client.UseFlagGrainsAzureTableMembership(new AzureStorageMembershipOptions { ConnectionString = AzuriteEndpoint.ConnectionString() });

    public async Task<SiloStatus> StatusOfAsync(string clusterId, SiloProcess silo)
    {
        var table = new TableClient(AzuriteEndpoint.ConnectionString(), AzureStorageMembershipOptions.DefaultTableName);
        var latest = default(TableEntity);
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == clusterId))
        {
            // Orleans' row layout: one row per silo incarnation, its fields stored as strings.
            if (row.GetString("Port") != silo.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture)) continue;
            if (latest is null || int.Parse(row.GetString("Generation"), System.Globalization.CultureInfo.InvariantCulture) > int.Parse(latest.GetString("Generation"), System.Globalization.CultureInfo.InvariantCulture))
                latest = row;
        }

        return latest is null ? SiloStatus.None : Enum.Parse<SiloStatus>(latest.GetString("Status"));
    }
}
