using FlagGrains.Testing.Components;
using FlagGrains.Persistence.Tests.Grains;
using FlagGrains.Persistence.Tests.Storage;
using FlagGrains.Testing.Postgres;
using Microsoft.Extensions.Hosting;

namespace FlagGrains.Persistence.Tests.Reminders;

public sealed class PostgresReminderSiloFixture : StorageSiloFixture
{
    private PostgresSchema? _schema;

    protected override async Task<IHost> StartAsync()
    {
        _schema = await PostgresSchema.CreateAsync();
        await new SchemaMigrator().MigrateAsync(DatabaseKind.PostgreSql, _schema.ConnectionString);
        return await TestSilo.StartWithRemindersAsync(AdoNetInvariants.PostgreSql, _schema.ConnectionString, $"pg-{Guid.NewGuid():N}");
    }

    protected override async Task CleanupAsync()
    {
        if (_schema is not null) await _schema.DisposeAsync();
    }
}

public sealed class PostgresReminderTableTests(PostgresReminderSiloFixture fixture) : IClassFixture<PostgresReminderSiloFixture>
{
    [ComponentFact(Component.PostgreSql)]
    public async Task Rows_round_trip_and_every_upsert_changes_the_etag() =>
        await ReminderTableScenarios.RowsRoundTripAndEveryUpsertChangesTheETag(await fixture.SiloAsync());

    [ComponentFact(Component.PostgreSql)]
    public async Task Rows_of_one_grain_are_read_together_and_only_them() =>
        await ReminderTableScenarios.RowsOfOneGrainAreReadTogetherAndOnlyThem(await fixture.SiloAsync());

    [ComponentFact(Component.PostgreSql)]
    public async Task Removal_needs_the_current_etag_and_a_recreated_row_gets_a_new_one() =>
        await ReminderTableScenarios.RemovalNeedsTheCurrentETagAndARecreatedRowGetsANewOne(await fixture.SiloAsync());

    [ComponentFact(Component.PostgreSql)]
    public async Task Ring_ranges_select_exactly_the_grains_in_them() =>
        await ReminderTableScenarios.RingRangesSelectExactlyTheGrainsInThem(await fixture.SiloAsync());

    [ComponentFact(Component.PostgreSql)]
    public async Task A_reminder_fires_on_a_silo_started_after_the_one_that_registered_it()
    {
        await using var schema = await PostgresSchema.CreateAsync();
        await new SchemaMigrator().MigrateAsync(DatabaseKind.PostgreSql, schema.ConnectionString);
        var serviceId = $"pg-{Guid.NewGuid():N}";

        await ReminderTableScenarios.AReminderFiresOnASiloStartedAfterTheOneThatRegisteredIt(
            () => TestSilo.StartWithRemindersAsync(AdoNetInvariants.PostgreSql, schema.ConnectionString, serviceId));
    }
}
