using FlagGrains.Clustering.AzureStorage;
using FlagGrains.Persistence;

namespace FlagGrains.Silo.Hosting;

/// <summary>Where the silos of a cluster find each other: the membership table of the configured back end.</summary>
internal static class ClusterMembership
{
    public static void UseFlagGrainsMembership(this ISiloBuilder silo, SiloClusterOptions cluster, StorageOptions storage)
    {
        if (cluster.Mode == ClusterMode.AzureStorage)
        {
            silo.UseFlagGrainsAzureTableMembership(cluster.AzureStorage);
            silo.Services.AddSingleton<IStartupGate>(services =>
                new AzureTableMembershipGate(cluster.AzureStorage, storage, services.GetRequiredService<ILogger<AzureTableMembershipGate>>()));
            return;
        }

        if (storage.Provider != StorageProvider.PostgreSql)
            throw new InvalidOperationException($"{SiloClusterOptions.Section}:Mode=AdoNet needs {StorageOptions.Section}:Provider=PostgreSql: SQLite has no clustering provider.");

        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = AdoNetInvariants.PostgreSql;
            o.ConnectionString = storage.ResolveConnectionString();
        });
    }
}
