using System.Text.Json;
using FlagGrains.Testing.Postgres;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// The flag-set grain's row in Orleans' storage table, read straight from PostgreSQL: what survives every silo, as
/// opposed to what a silo holds in memory.
/// </summary>
public static class StoredEnvironment
{
    public static async Task<(long Version, CountedDocument Document)> ReadAsync(PostgresSchema schema, EnvironmentName environment)
    {
        var payload = await schema.ScalarAsync<string>(
            "SELECT convert_from(PayloadBinary, 'UTF8') FROM OrleansStorage WHERE GrainTypeString = 'environment' AND GrainIdExtensionString = @key",
            ("key", environment.GrainKey));
        Assert.True(payload is not null, $"No stored row for environment {environment}.");

        // Orleans' JSON grain-storage format of EnvironmentState: PascalCase properties next to "$id"/"$type".
        using var state = JsonDocument.Parse(payload);
        return (state.RootElement.GetProperty("Version").GetInt64(), CountedDocument.Parse(state.RootElement.GetProperty("DocumentJson").GetString()!));
    }
}
