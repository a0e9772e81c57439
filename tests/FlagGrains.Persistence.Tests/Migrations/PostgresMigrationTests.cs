using FlagGrains.Testing.Components;
using FlagGrains.Persistence.Tests.Infrastructure;

using FlagGrains.Testing.Postgres;

namespace FlagGrains.Persistence.Tests.Migrations;

public sealed class PostgresMigrationTests : IAsyncLifetime
{
    private static readonly string[] StorageKeys =
        ["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"];

    // The nine keys the clustering provider demands (one missing stops silos and clients at start)
    // plus CleanupDefunctSiloEntryKey, which 10.4+ uses when present.
    private static readonly string[] ClusteringKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey",
        "MembershipReadRowKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
    ];

    // The seven keys of the reminders provider (0004).
    private static readonly string[] ReminderKeys =
    [
        "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey",
    ];

    private static readonly MigrationInfo[] AllMigrations =
    [
        new(1, "orleans_storage"), new(2, "orleans_clustering"), new(3, "orleans_membership_cleanup"),
        new(4, "orleans_reminders"), new(5, "admin_recovery"), new(6, "data_protection_keys"),
    ];

    private readonly SchemaMigrator _migrator = new();
    private PostgresSchema? _schema;

    private PostgresSchema Schema => _schema ?? throw new InvalidOperationException("Schema not created.");

    public async Task InitializeAsync()
    {
        // Skipped tests still construct the class; only touch the server when it is there or required.
        if (TestComponents.ShouldRun(Component.PostgreSql))
        {
            _schema = await PostgresSchema.CreateAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Migrating_twice_applies_once_and_records_the_versions()
    {
        var first = await _migrator.MigrateAsync(DatabaseKind.PostgreSql, Schema.ConnectionString);
        var second = await _migrator.MigrateAsync(DatabaseKind.PostgreSql, Schema.ConnectionString);

        Assert.Equal(AllMigrations, first.Applied);
        Assert.Equal((0, 6), (first.PreviousVersion, first.CurrentVersion));
        Assert.True(second.WasUpToDate);
        Assert.Equal(
            ["1|orleans_storage", "2|orleans_clustering", "3|orleans_membership_cleanup", "4|orleans_reminders", "5|admin_recovery", "6|data_protection_keys"],
            await Schema.ColumnAsync("SELECT version || '|' || name FROM flaggrains_schema_version ORDER BY version"));
        Assert.Equal(6, await Schema.ScalarAsync<long>(
            "SELECT count(*) FROM flaggrains_schema_version WHERE length(checksum) = 64 AND applied_at > now() - interval '1 hour'"));
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Installs_every_query_the_storage_and_clustering_providers_load()
    {
        await _migrator.MigrateAsync(DatabaseKind.PostgreSql, Schema.ConnectionString);

        Assert.Equal(
            StorageKeys.Concat(ClusteringKeys).Concat(ReminderKeys).Order(StringComparer.Ordinal),
            await Schema.ColumnAsync("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\""));
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task A_database_at_an_older_version_reports_behind_until_migrated()
    {
        await _migrator.MigrateAsync(DatabaseKind.PostgreSql, Schema.ConnectionString, targetVersion: 1, CancellationToken.None);

        var behind = await _migrator.GetStatusAsync(DatabaseKind.PostgreSql, Schema.ConnectionString);
        Assert.Equal(SchemaState.Behind, behind.State);
        Assert.Equal((1, 6), (behind.CurrentVersion, behind.ExpectedVersion));
        Assert.Equal(AllMigrations[1..], behind.Pending);
        Assert.Throws<SchemaMigrationException>(behind.ThrowIfBehind);

        var report = await _migrator.MigrateAsync(DatabaseKind.PostgreSql, Schema.ConnectionString);
        Assert.Equal(AllMigrations[1..], report.Applied);
        Assert.Equal(SchemaState.UpToDate, (await _migrator.GetStatusAsync(DatabaseKind.PostgreSql, Schema.ConnectionString)).State);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Status_of_an_empty_schema_is_behind()
    {
        var status = await _migrator.GetStatusAsync(DatabaseKind.PostgreSql, Schema.ConnectionString);

        Assert.Equal((0, 6), (status.CurrentVersion, status.ExpectedVersion));
        Assert.Equal(AllMigrations, status.Pending);
        Assert.Equal(0L, await Schema.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"));
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Concurrent_migrators_apply_each_script_exactly_once()
    {
        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => new SchemaMigrator().MigrateAsync(DatabaseKind.PostgreSql, Schema.ConnectionString))));

        Assert.Equal(6, reports.Sum(report => report.Applied.Count));
        Assert.All(reports, report => Assert.Equal(6, report.CurrentVersion));
        Assert.Equal(6L, await Schema.ScalarAsync<long>("SELECT count(*) FROM flaggrains_schema_version"));
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task A_failing_script_is_rolled_back_completely()
    {
        await _migrator.MigrateAsync(DatabaseKind.PostgreSql, Schema.ConnectionString);
        var broken = TestScripts.WithExtra("broken", "CREATE TABLE half_done (id integer); INSERT INTO no_such_table VALUES (1);");

        var failure = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => broken.MigrateAsync(DatabaseKind.PostgreSql, Schema.ConnectionString));

        Assert.Contains("0007_broken", failure.Message, StringComparison.Ordinal);
        Assert.Contains("42P01", failure.Message, StringComparison.Ordinal);
        Assert.Null(await Schema.ScalarAsync<string>("SELECT to_regclass('half_done')::text"));
        Assert.Equal(6, (await _migrator.GetStatusAsync(DatabaseKind.PostgreSql, Schema.ConnectionString)).CurrentVersion);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task An_applied_script_that_was_edited_is_refused()
    {
        await _migrator.MigrateAsync(DatabaseKind.PostgreSql, Schema.ConnectionString);

        var failure = await Assert.ThrowsAsync<SchemaMigrationException>(
            () => TestScripts.WithEditedFirstScript().MigrateAsync(DatabaseKind.PostgreSql, Schema.ConnectionString));

        Assert.Contains("0001_orleans_storage was changed", failure.Message, StringComparison.Ordinal);
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Rerunning_a_script_body_is_harmless()
    {
        // Idempotent scripts matter when version rows are lost or a DBA replays scripts by hand.
        // Replays must run in order: a later script may have replaced a query an earlier one defines.
        await _migrator.MigrateAsync(DatabaseKind.PostgreSql, Schema.ConnectionString);
        var cleanupQuery = await Schema.ScalarAsync<string>("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'CleanupDefunctSiloEntriesKey'");
        await Schema.ScalarAsync<long>("DELETE FROM flaggrains_schema_version WHERE version >= 2");

        var report = await _migrator.MigrateAsync(DatabaseKind.PostgreSql, Schema.ConnectionString);

        Assert.Equal(AllMigrations[1..], report.Applied);
        Assert.Equal(StorageKeys.Length + ClusteringKeys.Length + ReminderKeys.Length, await Schema.ScalarAsync<long>("SELECT count(*) FROM OrleansQuery"));
        Assert.Equal(cleanupQuery, await Schema.ScalarAsync<string>("SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'CleanupDefunctSiloEntriesKey'"));
    }
}
