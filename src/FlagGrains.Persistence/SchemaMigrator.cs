using System.Data.Common;
using System.Globalization;
using FlagGrains.Persistence.Internal;

namespace FlagGrains.Persistence;

/// <summary>
/// Applies the schema the Orleans ADO.NET providers need (tables plus the <c>OrleansQuery</c>
/// rows they load at start) and records every applied script in <c>flaggrains_schema_version</c>.
/// </summary>
/// <remarks>
/// Safe to call from every silo at start-up: each pending script runs in its own transaction
/// under an exclusive lock and is re-checked after the lock is taken, so concurrent callers
/// apply each script once. A script that fails is rolled back and nothing after it runs.
/// </remarks>
public sealed class SchemaMigrator
{
    private readonly Func<DatabaseKind, IReadOnlyList<MigrationScript>> _scripts;

    public SchemaMigrator()
        : this(MigrationCatalog.For)
    {
    }

    /// <summary>Test seam: lets tests pretend the build ships other scripts.</summary>
    internal SchemaMigrator(Func<DatabaseKind, IReadOnlyList<MigrationScript>> scripts)
    {
        _scripts = scripts;
    }

    /// <summary>The migrations this build ships for <paramref name="kind"/>, in order.</summary>
    public IReadOnlyList<MigrationInfo> GetMigrations(DatabaseKind kind) =>
        ScriptsFor(kind).Select(script => script.Info).ToList();

    /// <summary>Applies every pending migration.</summary>
    /// <exception cref="SchemaMigrationException">
    /// The database is unreachable, a script failed (and was rolled back), or an applied script was
    /// edited afterwards. The message says which and what to do.
    /// </exception>
    public Task<MigrationReport> MigrateAsync(DatabaseKind kind, string connectionString, CancellationToken cancellationToken = default) =>
        MigrateAsync(kind, connectionString, int.MaxValue, cancellationToken);

    /// <summary>Applies pending migrations up to and including <paramref name="targetVersion"/>.</summary>
    internal async Task<MigrationReport> MigrateAsync(
        DatabaseKind kind, string connectionString, int targetVersion, CancellationToken cancellationToken)
    {
        var dialect = DialectFor(kind);
        var scripts = ScriptsFor(kind).Where(script => script.Version <= targetVersion).ToList();

        await using var connection = await dialect.OpenForMigrationAsync(connectionString, cancellationToken);
        var before = await Guard(dialect, connectionString, () => ReadAppliedAsync(dialect, connection, null, cancellationToken), cancellationToken);
        EnsureUnchanged(kind, scripts, before);

        var pending = scripts.Where(script => !before.ContainsKey(script.Version)).ToList();
        var applied = new List<MigrationInfo>();
        foreach (var script in pending)
        {
            if (await ApplyAsync(dialect, connection, connectionString, script, cancellationToken))
            {
                applied.Add(script.Info);
            }
        }

        // Re-read even if we applied nothing: a concurrent migrator may have applied the pending scripts.
        var after = pending.Count == 0
            ? before
            : await Guard(dialect, connectionString, () => ReadAppliedAsync(dialect, connection, null, cancellationToken), cancellationToken);
        return new MigrationReport(kind, HighestVersion(before), HighestVersion(after), applied);
    }

    /// <summary>Compares the database with the migrations this build ships, without changing anything.</summary>
    /// <exception cref="SchemaMigrationException">The database cannot be reached.</exception>
    public async Task<SchemaStatus> GetStatusAsync(DatabaseKind kind, string connectionString, CancellationToken cancellationToken = default)
    {
        var dialect = DialectFor(kind);
        var scripts = ScriptsFor(kind);

        await using var connection = await dialect.OpenForStatusAsync(connectionString, cancellationToken);
        var applied = connection is null
            ? new Dictionary<int, string>()
            : await Guard(dialect, connectionString, () => ReadAppliedAsync(dialect, connection, null, cancellationToken), cancellationToken);

        var pending = scripts.Where(script => !applied.ContainsKey(script.Version)).Select(script => script.Info).ToList();
        return new SchemaStatus(kind, HighestVersion(applied), scripts.Count == 0 ? 0 : scripts[^1].Version, pending);
    }

    private IReadOnlyList<MigrationScript> ScriptsFor(DatabaseKind kind)
    {
        // An undefined enum value must fail loudly rather than read as "no migrations".
        _ = DialectFor(kind);
        return _scripts(kind);
    }

    private static IDatabaseDialect DialectFor(DatabaseKind kind) => kind switch
    {
        DatabaseKind.Sqlite => new SqliteDialect(),
        DatabaseKind.PostgreSql => new PostgreSqlDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown database kind."),
    };

    /// <returns>False when another migrator applied the script while we waited for the lock.</returns>
    private static async Task<bool> ApplyAsync(
        IDatabaseDialect dialect, DbConnection connection, string connectionString, MigrationScript script, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await dialect.BeginExclusiveTransactionAsync(connection, cancellationToken);
            await ExecuteAsync(connection, transaction, dialect.CreateVersionTableSql, cancellationToken);

            var recorded = await ReadAppliedAsync(dialect, connection, transaction, cancellationToken);
            if (recorded.ContainsKey(script.Version))
            {
                EnsureUnchanged(dialect.Kind, [script], recorded);
                return false;
            }

            await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
            await RecordAsync(connection, transaction, script, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (IsUnexpected(ex, cancellationToken))
        {
            throw new SchemaMigrationException(
                $"Migration {script.Info} failed on the {dialect.Describe(connectionString)}: {dialect.Explain(ex)} " +
                "Its transaction was rolled back, so the database is still at the previous version. " +
                "Fix the cause and run the migration again.",
                ex);
        }
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(
        IDatabaseDialect dialect, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using (var exists = connection.CreateCommand())
        {
            exists.Transaction = transaction;
            exists.CommandText = dialect.VersionTableExistsSql;
            if (!Convert.ToBoolean(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture))
            {
                return [];
            }
        }

        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = SchemaVersionTable.SelectApplied;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = reader.GetString(2);
        }

        return applied;
    }

    private static async Task RecordAsync(DbConnection connection, DbTransaction transaction, MigrationScript script, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SchemaVersionTable.InsertApplied;
        AddParameter(command, "version", script.Version);
        AddParameter(command, "name", script.Name);
        AddParameter(command, "checksum", script.Checksum);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// An applied script must never change: the database would silently differ from what the
    /// file now says. New behaviour belongs in a new, higher-numbered script.
    /// </summary>
    private static void EnsureUnchanged(DatabaseKind kind, IEnumerable<MigrationScript> scripts, IReadOnlyDictionary<int, string> applied)
    {
        foreach (var script in scripts)
        {
            if (applied.TryGetValue(script.Version, out var checksum)
                && !string.Equals(checksum, script.Checksum, StringComparison.OrdinalIgnoreCase))
            {
                throw new SchemaMigrationException(
                    $"The {kind} migration {script.Info} was changed after it had been applied to this database " +
                    $"(recorded checksum {checksum}, now {script.Checksum}). Restore the original script and put the " +
                    "change into a new migration with a higher number.");
            }
        }
    }

    private static int HighestVersion(IReadOnlyDictionary<int, string> applied) => applied.Count == 0 ? 0 : applied.Keys.Max();

    private static async Task<T> Guard<T>(
        IDatabaseDialect dialect, string connectionString, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (IsUnexpected(ex, cancellationToken))
        {
            throw new SchemaMigrationException(
                $"Could not read the schema version from the {dialect.Describe(connectionString)}: {dialect.Explain(ex)} " +
                "Check that the connection string points at the intended database and that its user may read it.",
                ex);
        }
    }

    private static bool IsUnexpected(Exception ex, CancellationToken cancellationToken) =>
        ex is not SchemaMigrationException
        && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);
}
