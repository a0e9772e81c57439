namespace FlagGrains.Persistence;

/// <summary>How a database schema relates to the migrations compiled into this build.</summary>
public enum SchemaState
{
    /// <summary>Every migration of this build is applied.</summary>
    UpToDate,

    /// <summary>Some migration of this build is missing: the code must not run against it yet.</summary>
    Behind,

    /// <summary>
    /// A newer build already migrated the database. Safe for this build, because migrations are
    /// additive only (expand/contract), which is what makes rolling upgrades possible.
    /// </summary>
    Ahead,
}
