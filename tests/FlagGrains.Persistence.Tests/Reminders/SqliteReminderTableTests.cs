using FlagGrains.Persistence.Tests.Grains;
using FlagGrains.Persistence.Tests.Infrastructure;
using FlagGrains.Persistence.Tests.Storage;
using Microsoft.Extensions.Hosting;

namespace FlagGrains.Persistence.Tests.Reminders;

public sealed class SqliteReminderSiloFixture : StorageSiloFixture
{
    private readonly TempSqliteDatabase _database = new();

    protected override async Task<IHost> StartAsync()
    {
        await new SchemaMigrator().MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString);
        return await TestSilo.StartWithRemindersAsync(AdoNetInvariants.Sqlite, _database.ConnectionString, $"sqlite-{Guid.NewGuid():N}");
    }

    protected override Task CleanupAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SqliteReminderTableTests(SqliteReminderSiloFixture fixture) : IClassFixture<SqliteReminderSiloFixture>
{
    [Fact]
    public async Task Rows_round_trip_and_every_upsert_changes_the_etag() =>
        await ReminderTableScenarios.RowsRoundTripAndEveryUpsertChangesTheETag(await fixture.SiloAsync());

    [Fact]
    public async Task Rows_of_one_grain_are_read_together_and_only_them() =>
        await ReminderTableScenarios.RowsOfOneGrainAreReadTogetherAndOnlyThem(await fixture.SiloAsync());

    [Fact]
    public async Task Removal_needs_the_current_etag_and_a_recreated_row_gets_a_new_one() =>
        await ReminderTableScenarios.RemovalNeedsTheCurrentETagAndARecreatedRowGetsANewOne(await fixture.SiloAsync());

    [Fact]
    public async Task Ring_ranges_select_exactly_the_grains_in_them() =>
        await ReminderTableScenarios.RingRangesSelectExactlyTheGrainsInThem(await fixture.SiloAsync());

    [Fact]
    public async Task A_reminder_fires_on_a_silo_started_after_the_one_that_registered_it()
    {
        using var database = new TempSqliteDatabase();
        await new SchemaMigrator().MigrateAsync(DatabaseKind.Sqlite, database.ConnectionString);
        var serviceId = $"sqlite-{Guid.NewGuid():N}";

        await ReminderTableScenarios.AReminderFiresOnASiloStartedAfterTheOneThatRegisteredIt(
            () => TestSilo.StartWithRemindersAsync(AdoNetInvariants.Sqlite, database.ConnectionString, serviceId));
    }
}
