using FlagGrains.Persistence;

namespace FlagGrains.Silo.Hosting;

/// <summary>Bound from <c>FlagGrains:Storage</c>: where grain state and stream subscriptions live.</summary>
public sealed class StorageOptions
{
    public const string Section = "FlagGrains:Storage";

    /// <summary><c>Sqlite</c> (single silo, embedded file) or <c>PostgreSql</c> (cluster mode).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite database file; its folder is created on start. Ignored when a connection string is set.</summary>
    public string SqlitePath { get; set; } = "./data/flaggrains.db";

    /// <summary>Full ADO.NET connection string; required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Applies pending schema migrations at start. On by default for SQLite only: cluster silos need no DDL rights.</summary>
    public bool? MigrateOnStart { get; set; }

    public bool ShouldMigrateOnStart => MigrateOnStart ?? Provider == StorageProvider.Sqlite;

    public DatabaseKind Kind => Provider == StorageProvider.PostgreSql ? DatabaseKind.PostgreSql : DatabaseKind.Sqlite;

    public string ResolveConnectionString() => ConnectionString ?? Provider switch
    {
        StorageProvider.Sqlite => $"Data Source={Path.GetFullPath(SqlitePath)};Default Timeout=30",
        _ => throw new InvalidOperationException($"{Section}:ConnectionString is required for {Provider}."),
    };
}

public enum StorageProvider
{
    Sqlite,
    PostgreSql,
}
