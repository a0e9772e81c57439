using FlagGrains.Testing.Postgres;

namespace FlagGrains.Testing.Cluster;

/// <summary>Reads Orleans' membership table in the test schema: what the cluster itself decided about a silo.</summary>
public static class MembershipTable
{
    /// <summary>Orleans' <c>SiloStatus.Active</c>.</summary>
    public const int Active = 3;

    /// <summary>Orleans' <c>SiloStatus.Dead</c>.</summary>
    public const int Dead = 6;

    /// <summary>The silo's latest status; 0 (Orleans' <c>None</c>) while it has no row.</summary>
    public static Task<int> StatusOfAsync(PostgresSchema schema, string clusterId, SiloProcess silo) =>
        schema.ScalarAsync<int>(
            "SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND Port = @port ORDER BY Generation DESC LIMIT 1",
            ("cluster", clusterId),
            ("port", silo.SiloPort));
}
