namespace FlagGrains.Persistence.Internal;

/// <summary>SQL shared by all engines for our bookkeeping table.</summary>
internal static class SchemaVersionTable
{
    public const string Name = "flaggrains_schema_version";

    public const string SelectApplied = "SELECT version, name, checksum FROM flaggrains_schema_version ORDER BY version";

    // applied_at takes the column default so the database clock, not each silo's, is recorded.
    public const string InsertApplied =
        "INSERT INTO flaggrains_schema_version (version, name, checksum) VALUES (@version, @name, @checksum)";
}
