using System.Data.Common;

namespace FlagGrains.Persistence.Internal;

/// <summary>The engine-specific parts of migrating: connecting, locking and bookkeeping DDL.</summary>
internal interface IDatabaseDialect
{
    DatabaseKind Kind { get; }

    /// <summary>Opens a connection for migrating, creating whatever the engine needs first.</summary>
    /// <exception cref="SchemaMigrationException">The database cannot be reached or opened.</exception>
    Task<DbConnection> OpenForMigrationAsync(string connectionString, CancellationToken cancellationToken);

    /// <summary>Opens a connection without creating anything; null when the database does not exist yet.</summary>
    /// <exception cref="SchemaMigrationException">The database cannot be reached or opened.</exception>
    Task<DbConnection?> OpenForStatusAsync(string connectionString, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a transaction that no other migrator can run alongside, so two silos starting at
    /// once apply each script exactly once.
    /// </summary>
    Task<DbTransaction> BeginExclusiveTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A query returning one boolean-ish value: does the version table exist?</summary>
    string VersionTableExistsSql { get; }

    /// <summary>Idempotent DDL for <c>flaggrains_schema_version</c>.</summary>
    string CreateVersionTableSql { get; }

    /// <summary>Describes the target for error messages, without secrets.</summary>
    string Describe(string connectionString);

    /// <summary>The driver's error as a sentence plus, where we know one, what to do about it.</summary>
    string Explain(Exception exception);
}
