using FlagGrains.Persistence;
using FlagGrains.Testing.Postgres;
using Orleans.Hosting;
using Orleans.Runtime;

namespace FlagGrains.Testing.Cluster;

/// <summary>Membership in Orleans' ADO.NET table, in the test's own PostgreSQL schema next to the grain state.</summary>
public sealed class PostgresMembership(PostgresSchema schema) : IClusterMembership
{
    /// <summary>AdoNet mode reads the membership table from the storage connection string: nothing else to set.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["FlagGrains__Cluster__Mode"] = "AdoNet" };

    public IReadOnlyDictionary<string, string> SiloEnvironment => Settings;

    public void UseIn(IClientBuilder client) => client.UseAdoNetClustering(options =>
    {
        options.Invariant = AdoNetInvariants.PostgreSql;
        options.ConnectionString = schema.ConnectionString;
    });

    public async Task<SiloStatus> StatusOfAsync(string clusterId, SiloProcess silo) =>
        (SiloStatus)await schema.ScalarAsync<int>(
            "SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND Port = @port ORDER BY Generation DESC LIMIT 1",
            ("cluster", clusterId),
            ("port", silo.SiloPort));
}
