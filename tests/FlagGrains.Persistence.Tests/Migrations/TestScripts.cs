using FlagGrains.Persistence.Internal;

namespace FlagGrains.Persistence.Tests.Migrations;

/// <summary>Migrators whose "build" ships different scripts than the real one.</summary>
internal static class TestScripts
{
    /// <summary>The real scripts plus one more, i.e. a newer build.</summary>
    public static SchemaMigrator WithExtra(string name, string sql) =>
        new(kind =>
        {
            var real = MigrationCatalog.For(kind);
            return [.. real, new MigrationScript(real[^1].Version + 1, name, sql)];
        });

    /// <summary>The real scripts with the first one edited after the fact.</summary>
    public static SchemaMigrator WithEditedFirstScript() =>
        new(kind =>
        {
            var real = MigrationCatalog.For(kind);
            return [real[0] with { Sql = real[0].Sql + "\n-- edited later\n" }, .. real.Skip(1)];
        });
}
