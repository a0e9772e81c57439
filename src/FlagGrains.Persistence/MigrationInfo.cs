namespace FlagGrains.Persistence;

/// <summary>One versioned migration script, e.g. version 1 "orleans_storage".</summary>
/// <param name="Version">Ordinal from the file name; applied in ascending order.</param>
/// <param name="Name">File name without version prefix and extension.</param>
public sealed record MigrationInfo(int Version, string Name)
{
    public override string ToString() => $"{Version:D4}_{Name}";
}
