using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing.Components;
using FlagGrains.Testing.Postgres;
using Xunit.Abstractions;

namespace FlagGrains.Silo.Tests.Cluster;

/// <summary>
/// A silo that cannot work must say so in one line and exit, not print a stack-trace wall or start half-way.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
[Trait("Category", "Slow")]
public sealed class StartupRefusalTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "malformed connection string", "Hostx=nowhere;;", "connection string is invalid" },
        { "unreachable database", "Host=127.0.0.1;Port=1;Username=flaggrains;Password=x;Database=none;Timeout=2", "Could not connect" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_database_settings_refuse_to_start_with_one_clear_line(string name, string connectionString, string expected)
    {
        var (refusal, _) = await RefusedStart.AssertRefusedAsync(Settings(connectionString), expected, output.WriteLine);
        output.WriteLine($"{name}: {refusal}");
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task A_schema_older_than_the_build_refuses_to_start_and_names_the_migrate_step()
    {
        await using var schema = await PostgresSchema.CreateAsync();

        var (refusal, _) = await RefusedStart.AssertRefusedAsync(Settings(schema.ConnectionString), "needs version", output.WriteLine);

        Assert.Contains("FlagGrains.Silo migrate", refusal, StringComparison.Ordinal);
    }

    private static SiloSettings Settings(string connectionString) =>
        new(connectionString, PostgresMembership.Settings, $"refusal-{Guid.NewGuid():N}", "refusal-admin-token-0123456789");
}
