using Orleans.Clustering.AzureStorage;
using Orleans.Hosting;

namespace FlagGrains.Clustering.AzureStorage;

/// <summary>Orleans membership (silos) and gateway discovery (clients) in the Azure table the options name.</summary>
public static class AzureTableMembershipExtensions
{
    /// <summary>The silo registers, probes and votes in the table.</summary>
    public static ISiloBuilder UseFlagGrainsAzureTableMembership(this ISiloBuilder silo, AzureStorageMembershipOptions options) =>
        silo.UseAzureStorageClustering((AzureStorageClusteringOptions target) => Apply(target, options));

    /// <summary>The client reads the silos' gateway endpoints from the table.</summary>
    public static IClientBuilder UseFlagGrainsAzureTableMembership(this IClientBuilder client, AzureStorageMembershipOptions options) =>
        client.UseAzureStorageClustering((AzureStorageGatewayOptions target) => Apply(target, options));

    private static void Apply(AzureStorageOperationOptions target, AzureStorageMembershipOptions options)
    {
        target.TableName = options.TableName;

        // Unusable settings leave the client unset instead of throwing wherever Orleans first reads these options:
        // the silo's start-up check and the client's registration report them first, in one line.
        if (options.Problems().Count == 0) target.TableServiceClient = MembershipTableService.Create(options);
    }
}
