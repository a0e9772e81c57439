using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace FlagGrains.Persistence.Internal;

internal sealed class SqliteDialect : IDatabaseDialect
{
    // The storage queries use RETURNING and UPSERT, which arrived in SQLite 3.35.
    private static readonly Version MinimumVersion = new(3, 35, 0);

    public DatabaseKind Kind => DatabaseKind.Sqlite;

    public string VersionTableExistsSql =>
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'flaggrains_schema_version')";

    public string CreateVersionTableSql => """
        CREATE TABLE IF NOT EXISTS flaggrains_schema_version
        (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            checksum   TEXT    NOT NULL
        )
        """;

    public async Task<DbConnection> OpenForMigrationAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = Parse(connectionString);
        var file = FilePathOf(builder);
        if (file is not null)
        {
            CreateDirectoryOf(file);
        }

        var connection = await OpenAsync(builder, cancellationToken);
        try
        {
            EnsureSupportedEngine(connection);

            // WAL lets grain reads proceed while another connection writes; the mode is stored in
            // the file, so setting it once here covers the Orleans provider's own connections.
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL";
            await command.ExecuteScalarAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<DbConnection?> OpenForStatusAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = Parse(connectionString);
        var file = FilePathOf(builder);
        if (file is not null && !File.Exists(file))
        {
            // Asking for the status must not leave an empty database file behind.
            return null;
        }

        if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
        {
            builder.Mode = SqliteOpenMode.ReadWrite;
        }

        return await OpenAsync(builder, cancellationToken);
    }

    public Task<DbTransaction> BeginExclusiveTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Non-deferred means BEGIN IMMEDIATE: the write lock is taken up front (waiting out other
        // writers up to the command timeout), so a concurrent migrator cannot read "not applied"
        // and then race us to apply the same script.
        DbTransaction transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
        return Task.FromResult(transaction);
    }

    public string Describe(string connectionString)
    {
        try
        {
            return $"SQLite database '{new SqliteConnectionStringBuilder(connectionString).DataSource}'";
        }
        catch (ArgumentException)
        {
            return "SQLite database";
        }
    }

    public string Explain(Exception exception) => ErrorText.Of(exception);

    private static SqliteConnectionStringBuilder Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new SchemaMigrationException(
                "No SQLite connection string was given. Pass one like 'Data Source=/var/lib/flaggrains/grains.db'.");
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new SchemaMigrationException(
                $"The SQLite connection string is invalid: {ErrorText.Of(ex)} Pass one like 'Data Source=/var/lib/flaggrains/grains.db'.",
                ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            // An empty Data Source silently means a temporary database that vanishes on close.
            throw new SchemaMigrationException(
                "The SQLite connection string has no Data Source, which would create a throw-away temporary database. " +
                "Set 'Data Source=<path to the .db file>'.");
        }

        return builder;
    }

    /// <summary>The full path of the database file, or null for in-memory and URI data sources.</summary>
    private static string? FilePathOf(SqliteConnectionStringBuilder builder)
    {
        var dataSource = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory
            || string.Equals(dataSource, ":memory:", StringComparison.OrdinalIgnoreCase)
            || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Path.GetFullPath(dataSource);
    }

    private static void CreateDirectoryOf(string file)
    {
        var directory = Path.GetDirectoryName(file);
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SchemaMigrationException(
                $"Could not create the directory '{directory}' for the SQLite database: {ErrorText.Of(ex)} " +
                "Create it yourself or point Data Source at a writable location.",
                ex);
        }
    }

    private static async Task<SqliteConnection> OpenAsync(SqliteConnectionStringBuilder builder, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw new SchemaMigrationException(
                $"Could not open the SQLite database '{builder.DataSource}': {ErrorText.Of(ex)} " +
                "Check the Data Source path and that this process may read and write that file and its directory.",
                ex);
        }
    }

    private static void EnsureSupportedEngine(SqliteConnection connection)
    {
        if (Version.TryParse(connection.ServerVersion, out var version) && version < MinimumVersion)
        {
            throw new SchemaMigrationException(
                $"The SQLite library in use is version {version}, but the schema needs {MinimumVersion} or newer. " +
                "Use the SQLite bundled with Microsoft.Data.Sqlite instead of an older system library.");
        }
    }
}
