using FlagGrains.Persistence.Tests.Grains;
using FlagGrains.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace FlagGrains.Persistence.Tests.Storage;

public sealed class SqliteStorageSiloFixture : StorageSiloFixture
{
    private readonly TempSqliteDatabase _database = new();

    protected override async Task<IHost> StartAsync()
    {
        await new SchemaMigrator().MigrateAsync(DatabaseKind.Sqlite, _database.ConnectionString);
        return await TestSilo.StartWithStorageAsync(AdoNetInvariants.Sqlite, _database.ConnectionString, $"sqlite-{Guid.NewGuid():N}");
    }

    protected override Task CleanupAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SqliteGrainStorageTests(SqliteStorageSiloFixture fixture) : IClassFixture<SqliteStorageSiloFixture>
{
    [Fact]
    public async Task State_survives_silo_restarts_and_clear()
    {
        using var database = new TempSqliteDatabase();
        await new SchemaMigrator().MigrateAsync(DatabaseKind.Sqlite, database.ConnectionString);
        var serviceId = $"sqlite-{Guid.NewGuid():N}";

        await GrainStorageScenarios.StateSurvivesRestartsAndClear(
            () => TestSilo.StartWithStorageAsync(AdoNetInvariants.Sqlite, database.ConnectionString, serviceId));
    }

    [Fact]
    public async Task Grain_with_stale_etag_gets_InconsistentStateException() =>
        await GrainStorageScenarios.GrainWithStaleETagGetsInconsistentState(await fixture.SiloAsync());

    [Fact]
    public async Task Concurrent_first_writes_let_exactly_one_win() =>
        await GrainStorageScenarios.ConcurrentFirstWritesLetExactlyOneWin(await fixture.SiloAsync());

    [Fact]
    public async Task Stale_etag_write_is_rejected() =>
        await GrainStorageScenarios.StaleETagWriteIsRejected(await fixture.SiloAsync());

    [Fact]
    public async Task Write_with_etag_for_missing_row_is_rejected() =>
        await GrainStorageScenarios.WriteWithETagForMissingRowIsRejected(await fixture.SiloAsync());

    [Fact]
    public async Task Clear_with_stale_etag_is_rejected() =>
        await GrainStorageScenarios.ClearWithStaleETagIsRejected(await fixture.SiloAsync());

    [Fact]
    public async Task Delete_on_clear_removes_the_record() =>
        await GrainStorageScenarios.DeleteOnClearRemovesTheRecord(await fixture.SiloAsync());

    [Fact]
    public async Task Key_kinds_and_extensions_do_not_collide() =>
        await GrainStorageScenarios.KeyKindsAndExtensionsDoNotCollide(await fixture.SiloAsync());
}
