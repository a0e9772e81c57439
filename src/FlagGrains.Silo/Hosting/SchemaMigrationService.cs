using FlagGrains.Persistence;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// Brings the schema up to date before Orleans starts (single-silo mode), or refuses to start when the schema is
/// older than this build expects (cluster mode, where migrating is an explicit step).
/// </summary>
public sealed partial class SchemaMigrationService(StorageOptions storage, ILogger<SchemaMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var kind = storage.Provider == StorageProvider.PostgreSql ? DatabaseKind.PostgreSql : DatabaseKind.Sqlite;
        var connectionString = storage.ResolveConnectionString();
        var migrator = new SchemaMigrator();
        try
        {
            if (storage.ShouldMigrateOnStart)
            {
                var report = await migrator.MigrateAsync(kind, connectionString, cancellationToken);
                LogMigrated(logger, kind, report.CurrentVersion, report.Applied.Count);
                return;
            }

            (await migrator.GetStatusAsync(kind, connectionString, cancellationToken)).ThrowIfBehind();
        }
        catch (SchemaMigrationException ex)
        {
            // One clear line instead of a stack trace: the operator needs to know what to do, not where it failed.
            LogRefused(logger, ex.Message);
            throw new InvalidOperationException(ex.Message, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema of {Kind} storage is at version {Version} ({Applied} migrations applied now)")]
    private static partial void LogMigrated(ILogger logger, DatabaseKind kind, int version, int applied);

    [LoggerMessage(Level = LogLevel.Critical, Message = "FlagGrains cannot start: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
