using FlagGrains.Testing.Components;
using FlagGrains.Persistence.Tests.Grains;
using FlagGrains.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

using FlagGrains.Testing.Postgres;

namespace FlagGrains.Persistence.Tests.Storage;

public sealed class PostgresStorageSiloFixture : StorageSiloFixture
{
    private PostgresSchema? _schema;

    protected override async Task<IHost> StartAsync()
    {
        _schema = await PostgresSchema.CreateAsync();
        await new SchemaMigrator().MigrateAsync(DatabaseKind.PostgreSql, _schema.ConnectionString);
        return await TestSilo.StartWithStorageAsync(AdoNetInvariants.PostgreSql, _schema.ConnectionString, $"pg-{Guid.NewGuid():N}");
    }

    protected override async Task CleanupAsync()
    {
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}

public sealed class PostgresGrainStorageTests(PostgresStorageSiloFixture fixture) : IClassFixture<PostgresStorageSiloFixture>
{
    [ComponentFact(Component.PostgreSql)]
    public async Task State_survives_silo_restarts_and_clear()
    {
        await using var schema = await PostgresSchema.CreateAsync();
        await new SchemaMigrator().MigrateAsync(DatabaseKind.PostgreSql, schema.ConnectionString);
        var serviceId = $"pg-{Guid.NewGuid():N}";

        await GrainStorageScenarios.StateSurvivesRestartsAndClear(
            () => TestSilo.StartWithStorageAsync(AdoNetInvariants.PostgreSql, schema.ConnectionString, serviceId));
    }

    [ComponentFact(Component.PostgreSql)]
    public async Task Grain_with_stale_etag_gets_InconsistentStateException() =>
        await GrainStorageScenarios.GrainWithStaleETagGetsInconsistentState(await fixture.SiloAsync());

    [ComponentFact(Component.PostgreSql)]
    public async Task Concurrent_first_writes_let_exactly_one_win() =>
        await GrainStorageScenarios.ConcurrentFirstWritesLetExactlyOneWin(await fixture.SiloAsync());

    [ComponentFact(Component.PostgreSql)]
    public async Task Stale_etag_write_is_rejected() =>
        await GrainStorageScenarios.StaleETagWriteIsRejected(await fixture.SiloAsync());

    [ComponentFact(Component.PostgreSql)]
    public async Task Write_with_etag_for_missing_row_is_rejected() =>
        await GrainStorageScenarios.WriteWithETagForMissingRowIsRejected(await fixture.SiloAsync());

    [ComponentFact(Component.PostgreSql)]
    public async Task Clear_with_stale_etag_is_rejected() =>
        await GrainStorageScenarios.ClearWithStaleETagIsRejected(await fixture.SiloAsync());

    [ComponentFact(Component.PostgreSql)]
    public async Task Delete_on_clear_removes_the_record() =>
        await GrainStorageScenarios.DeleteOnClearRemovesTheRecord(await fixture.SiloAsync());

    [ComponentFact(Component.PostgreSql)]
    public async Task Key_kinds_and_extensions_do_not_collide() =>
        await GrainStorageScenarios.KeyKindsAndExtensionsDoNotCollide(await fixture.SiloAsync());
}
