namespace FlagGrains.Persistence;

/// <summary>What one <see cref="SchemaMigrator.MigrateAsync"/> call did.</summary>
/// <param name="Kind">The database engine.</param>
/// <param name="PreviousVersion">Highest applied version before the call (0 for an empty database).</param>
/// <param name="CurrentVersion">Highest applied version after the call.</param>
/// <param name="Applied">Migrations this call applied; another silo may have applied the rest.</param>
public sealed record MigrationReport(
    DatabaseKind Kind,
    int PreviousVersion,
    int CurrentVersion,
    IReadOnlyList<MigrationInfo> Applied)
{
    /// <summary>True when the database was already up to date.</summary>
    public bool WasUpToDate => Applied.Count == 0;
}
