using FlagGrains.Persistence.Internal;

namespace FlagGrains.Persistence.Tests.Migrations;

public sealed class MigrationCatalogTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite, new[] { "0001_orleans_storage", "0002_orleans_reminders", "0003_admin_recovery", "0004_data_protection_keys" })]
    [InlineData(DatabaseKind.PostgreSql, new[] { "0001_orleans_storage", "0002_orleans_clustering", "0003_orleans_membership_cleanup", "0004_orleans_reminders", "0005_admin_recovery", "0006_data_protection_keys" })]
    public void Ships_contiguous_numbered_migrations(DatabaseKind kind, string[] expected)
    {
        var migrations = new SchemaMigrator().GetMigrations(kind);

        Assert.Equal(expected, migrations.Select(m => m.ToString()));
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
    }

    [Fact]
    public void Checksum_ignores_line_ending_style()
    {
        var unix = new MigrationScript(1, "x", "CREATE TABLE a (b int);\nSELECT 1;\n");
        var windows = new MigrationScript(1, "x", "CREATE TABLE a (b int);\r\nSELECT 1;\r\n");

        Assert.Equal(unix.Checksum, windows.Checksum);
        Assert.NotEqual(unix.Checksum, new MigrationScript(1, "x", "CREATE TABLE a (c int);\n").Checksum);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public void Scripts_leave_transaction_control_to_the_migrator(DatabaseKind kind)
    {
        // The migrator wraps each script in its own transaction; a COMMIT inside one would end
        // that transaction early and break the all-or-nothing promise.
        foreach (var script in MigrationCatalog.For(kind))
        {
            Assert.DoesNotMatch(@"(?im)^\s*(BEGIN|COMMIT|ROLLBACK)\b", script.Sql);
        }
    }
}
