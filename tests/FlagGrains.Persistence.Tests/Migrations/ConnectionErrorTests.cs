using FlagGrains.Testing.Components;
using FlagGrains.Persistence.Tests.Infrastructure;

using FlagGrains.Testing.Postgres;

namespace FlagGrains.Persistence.Tests.Migrations;

/// <summary>Misconfiguration must arrive as one exception type with advice, never a driver stack trace.</summary>
public sealed class ConnectionErrorTests
{
    private readonly SchemaMigrator _migrator = new();

    [Theory]
    [InlineData(DatabaseKind.Sqlite, "", "No SQLite connection string")]
    [InlineData(DatabaseKind.Sqlite, "Data Source=x.db;Flavour=vanilla", "SQLite connection string is invalid")]
    [InlineData(DatabaseKind.Sqlite, "Cache=Shared", "no Data Source")]
    [InlineData(DatabaseKind.PostgreSql, " ", "No PostgreSQL connection string")]
    [InlineData(DatabaseKind.PostgreSql, "Host=db;Flavour=vanilla", "PostgreSQL connection string is invalid")]
    public async Task Bad_connection_strings_are_explained(DatabaseKind kind, string connectionString, string expected)
    {
        var failure = await Assert.ThrowsAsync<SchemaMigrationException>(() => _migrator.MigrateAsync(kind, connectionString));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unwritable_sqlite_location_is_explained()
    {
        var failure = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => _migrator.MigrateAsync(DatabaseKind.Sqlite, "Data Source=/proc/flaggrains/grains.db"));

        Assert.Contains("/proc/flaggrains", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_postgres_is_explained_without_leaking_the_password()
    {
        var connectionString = $"Host=127.0.0.1;Port={FreePort.Next()};Username=u;Password=s3cret;Database=d;Timeout=3";

        var failure = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => _migrator.MigrateAsync(DatabaseKind.PostgreSql, connectionString));

        Assert.StartsWith("Could not connect to the PostgreSQL database 'd' on 127.0.0.1:", failure.Message, StringComparison.Ordinal);
        Assert.Contains("running and reachable", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", failure.Message, StringComparison.Ordinal);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Wrong_postgres_password_is_explained()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Password = "definitely-wrong" };

        var failure = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => _migrator.MigrateAsync(DatabaseKind.PostgreSql, builder.ConnectionString));

        Assert.Contains("Check Username and Password", failure.Message, StringComparison.Ordinal);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Missing_postgres_database_is_explained()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { Database = "flaggrains_no_such_db" };

        var failure = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => _migrator.GetStatusAsync(DatabaseKind.PostgreSql, builder.ConnectionString));

        Assert.Contains("Create the database first", failure.Message, StringComparison.Ordinal);
    }
}
