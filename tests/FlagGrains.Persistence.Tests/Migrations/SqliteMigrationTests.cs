using FlagGrains.Persistence.Tests.Infrastructure;

namespace FlagGrains.Persistence.Tests.Migrations;

public sealed class SqliteMigrationTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly SchemaMigrator _migrator = new();

    public void Dispose() => _database.Dispose();

    // The storage provider's four keys and the reminders provider's seven, in SQLite's ORDER BY (binary) order.
    private static readonly string[] ProviderKeys =
    [
        "ClearStorageKey", "DeleteReminderRowKey", "DeleteReminderRowsKey", "DeleteStorageKey", "ReadFromStorageKey",
        "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey", "WriteToStorageKey",
    ];

    private static readonly MigrationInfo[] AllMigrations =
    [
        new(1, "orleans_storage"), new(2, "orleans_reminders"), new(3, "admin_recovery"), new(4, "data_protection_keys"),
    ];

    [Fact]
    public async Task Migrating_twice_applies_once_and_records_the_version()
    {
        var first = await _migrator.MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString);
        var second = await _migrator.MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString);

        Assert.Equal(AllMigrations, first.Applied);
        Assert.Equal((0, 4), (first.PreviousVersion, first.CurrentVersion));
        Assert.True(second.WasUpToDate);
        Assert.Equal((4, 4), (second.PreviousVersion, second.CurrentVersion));

        Assert.Equal(["1|orleans_storage", "2|orleans_reminders", "3|admin_recovery", "4|data_protection_keys"], await _database.ColumnAsync("SELECT version || '|' || name FROM flaggrains_schema_version ORDER BY version"));
        Assert.Equal(4, await _database.ScalarAsync<long>(
            "SELECT count(*) FROM flaggrains_schema_version WHERE length(checksum) = 64 AND applied_at LIKE '20%Z'"));
    }

    [Fact]
    public async Task Creates_the_directory_and_switches_to_wal()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(_database.FilePath)));

        await _migrator.MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString);

        Assert.True(File.Exists(_database.FilePath));
        Assert.Equal("wal", await _database.ScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Installs_every_query_the_storage_provider_loads()
    {
        await _migrator.MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString);

        Assert.Equal(
            ProviderKeys,
            await _database.ColumnAsync("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey"));
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_script_exactly_once()
    {
        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => new SchemaMigrator().MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString))));

        Assert.Equal(4, reports.Sum(report => report.Applied.Count));
        Assert.All(reports, report => Assert.Equal(4, report.CurrentVersion));
        Assert.Equal(4, await _database.ScalarAsync<long>("SELECT count(*) FROM flaggrains_schema_version"));
    }

    [Fact]
    public async Task Status_of_a_missing_database_is_behind_and_creates_nothing()
    {
        var status = await _migrator.GetStatusAsync(DatabaseKind.Sqlite, _database.ConnectionString);

        Assert.Equal(SchemaState.Behind, status.State);
        Assert.Equal((0, 4), (status.CurrentVersion, status.ExpectedVersion));
        Assert.Equal(AllMigrations, status.Pending);
        Assert.False(File.Exists(_database.FilePath));
    }

    [Fact]
    public async Task Status_reports_behind_when_the_build_is_newer_than_the_database()
    {
        await _migrator.MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString);
        Assert.Equal(SchemaState.UpToDate, (await _migrator.GetStatusAsync(DatabaseKind.Sqlite, _database.ConnectionString)).State);

        var newerBuild = TestScripts.WithExtra("flag_audit", "CREATE TABLE IF NOT EXISTS flag_audit (id INTEGER PRIMARY KEY)");
        var status = await newerBuild.GetStatusAsync(DatabaseKind.Sqlite, _database.ConnectionString);

        Assert.True(status.IsBehind);
        Assert.Equal((4, 5), (status.CurrentVersion, status.ExpectedVersion));
        var refusal = Assert.Throws<SchemaMigrationException>(status.ThrowIfBehind);
        Assert.Contains("0005_flag_audit", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("MigrateAsync", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_reports_ahead_when_a_newer_build_already_migrated()
    {
        var newerBuild = TestScripts.WithExtra("flag_audit", "CREATE TABLE IF NOT EXISTS flag_audit (id INTEGER PRIMARY KEY)");
        await newerBuild.MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString);

        var status = await _migrator.GetStatusAsync(DatabaseKind.Sqlite, _database.ConnectionString);

        Assert.Equal(SchemaState.Ahead, status.State);
        status.ThrowIfBehind();
    }

    [Fact]
    public async Task A_failing_script_is_rolled_back_completely()
    {
        await _migrator.MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString);
        var broken = TestScripts.WithExtra("broken", "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);");

        var failure = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => broken.MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString));

        Assert.Contains("0005_broken", failure.Message, StringComparison.Ordinal);
        Assert.Contains("rolled back", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'"));
        Assert.Equal(4, (await _migrator.GetStatusAsync(DatabaseKind.Sqlite, _database.ConnectionString)).CurrentVersion);
    }

    [Fact]
    public async Task An_applied_script_that_was_edited_is_refused()
    {
        await _migrator.MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString);

        var failure = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => TestScripts.WithEditedFirstScript().MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString));

        Assert.Contains("0001_orleans_storage was changed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rerunning_the_script_body_is_harmless()
    {
        // Idempotent scripts matter when a DBA replays one by hand or a version row is lost.
        await _migrator.MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString);
        await _database.ScalarAsync<long>("DELETE FROM flaggrains_schema_version");

        var report = await _migrator.MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString);

        Assert.Equal(AllMigrations, report.Applied);
        Assert.Equal(ProviderKeys.Length, await _database.ScalarAsync<long>("SELECT count(*) FROM OrleansQuery"));
    }
}
