namespace FlagGrains.Persistence;

/// <summary>Result of <see cref="SchemaMigrator.GetStatusAsync"/>.</summary>
/// <param name="Kind">The database engine.</param>
/// <param name="CurrentVersion">Highest version recorded in the database (0 when none).</param>
/// <param name="ExpectedVersion">Highest version this build ships.</param>
/// <param name="Pending">Migrations of this build that the database lacks, in order.</param>
public sealed record SchemaStatus(
    DatabaseKind Kind,
    int CurrentVersion,
    int ExpectedVersion,
    IReadOnlyList<MigrationInfo> Pending)
{
    public SchemaState State =>
        Pending.Count > 0 ? SchemaState.Behind
        : CurrentVersion > ExpectedVersion ? SchemaState.Ahead
        : SchemaState.UpToDate;

    public bool IsBehind => State == SchemaState.Behind;

    /// <summary>
    /// Lets a silo refuse to start on a schema older than its code, with a message that says how
    /// to fix it, instead of failing later on a missing table or query.
    /// </summary>
    /// <exception cref="SchemaMigrationException">The schema is behind.</exception>
    public void ThrowIfBehind()
    {
        if (IsBehind)
        {
            throw new SchemaMigrationException(
                $"The {Kind} schema is at version {CurrentVersion} but this build needs version {ExpectedVersion} " +
                $"(missing: {string.Join(", ", Pending)}). Run SchemaMigrator.MigrateAsync against this database " +
                "before starting the silo.");
        }
    }
}
