namespace FlagGrains.Persistence;

/// <summary>The database engines we ship Orleans ADO.NET schemas for.</summary>
public enum DatabaseKind
{
    /// <summary>SQLite: grain storage only (Orleans has no SQLite clustering).</summary>
    Sqlite,

    /// <summary>PostgreSQL: grain storage and cluster membership.</summary>
    PostgreSql,
}
