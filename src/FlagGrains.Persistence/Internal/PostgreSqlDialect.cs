using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace FlagGrains.Persistence.Internal;

internal sealed class PostgreSqlDialect : IDatabaseDialect
{
    public DatabaseKind Kind => DatabaseKind.PostgreSql;

    // to_regclass resolves through search_path, exactly like the unqualified names in the scripts.
    public string VersionTableExistsSql => "SELECT to_regclass('flaggrains_schema_version') IS NOT NULL";

    public string CreateVersionTableSql => """
        CREATE TABLE IF NOT EXISTS flaggrains_schema_version
        (
            version    integer     NOT NULL PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            checksum   text        NOT NULL
        )
        """;

    public async Task<DbConnection> OpenForMigrationAsync(string connectionString, CancellationToken cancellationToken) =>
        await OpenAsync(connectionString, cancellationToken);

    public async Task<DbConnection?> OpenForStatusAsync(string connectionString, CancellationToken cancellationToken) =>
        await OpenAsync(connectionString, cancellationToken);

    public async Task<DbTransaction> BeginExclusiveTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // A transaction-scoped advisory lock serializes migrators (even the very first
            // CREATE TABLE IF NOT EXISTS, which is not race-free on its own) and is released by
            // commit or rollback, so a crashed silo can never leave it held. The key is per
            // schema so that unrelated schemas in one database do not wait on each other.
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                "SELECT pg_advisory_xact_lock(hashtextextended('flaggrains_schema_migration:' || coalesce(current_schema(), ''), 0))";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var schema = string.IsNullOrEmpty(builder.SearchPath) ? "" : $", search path '{builder.SearchPath}'";
            return $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port} as '{builder.Username}'{schema}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL database";
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new SchemaMigrationException(
                "No PostgreSQL connection string was given. Pass one like " +
                "'Host=db;Username=flaggrains;Password=...;Database=flaggrains'.");
        }

        NpgsqlConnection connection;
        try
        {
            connection = new NpgsqlConnection(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            throw new SchemaMigrationException(
                $"The PostgreSQL connection string is invalid: {ErrorText.Of(ex)} Pass one like " +
                "'Host=db;Username=flaggrains;Password=...;Database=flaggrains'.",
                ex);
        }

        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            throw new SchemaMigrationException($"Could not connect to the {Describe(connectionString)}: {Explain(ex)}", ex);
        }
    }

    public string Explain(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } =>
            $"{ErrorText.Of(exception)} Check Username and Password in the connection string.",
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
            $"{ErrorText.Of(exception)} Create the database first (CREATE DATABASE ...) or fix Database= in the connection string.",
        PostgresException { SqlState: PostgresErrorCodes.InvalidSchemaName } =>
            $"{ErrorText.Of(exception)} Create the schema named in Search Path first (CREATE SCHEMA ...) or fix Search Path.",
        PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } =>
            $"{ErrorText.Of(exception)} The user needs CREATE rights on the schema; run the migration as the schema owner.",
        PostgresException => ErrorText.Of(exception),
        TimeoutException or NpgsqlException { InnerException: SocketException or TimeoutException } =>
            $"{ErrorText.Of(exception)} Check that PostgreSQL is running and reachable at that host and port.",
        _ => $"{ErrorText.Of(exception)} Check that PostgreSQL is running and that the connection string is right.",
    };
}
