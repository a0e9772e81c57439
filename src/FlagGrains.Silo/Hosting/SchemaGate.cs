using FlagGrains.Persistence;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// Brings the schema up to date (single-silo mode) or checks it is current (cluster mode, where migrating is an
/// explicit step). Runs once per process, however many callers ask.
/// </summary>
public sealed partial class SchemaGate(StorageOptions storage, ILogger<SchemaGate> logger) : IStartupGate
{
    private readonly Lazy<Task> _once = new(() => RunAsync(storage, logger));

    /// <exception cref="StartupRefusedException">The silo must not start; already logged as one line.</exception>
    public Task EnsureAsync() => _once.Value;

    private static async Task RunAsync(StorageOptions storage, ILogger logger)
    {
        var kind = storage.Kind;
        var migrator = new SchemaMigrator();
        try
        {
            var connectionString = storage.ResolveConnectionString();
            if (storage.ShouldMigrateOnStart)
            {
                var report = await migrator.MigrateAsync(kind, connectionString);
                LogMigrated(logger, kind, report.CurrentVersion, report.Applied.Count);
                return;
            }

            var status = await migrator.GetStatusAsync(kind, connectionString);
            if (status.IsBehind)
            {
                throw new SchemaMigrationException(
                    $"The {kind} schema is at version {status.CurrentVersion} but this build needs version {status.ExpectedVersion}. " +
                    "Run `FlagGrains.Silo migrate` (same configuration, a role with DDL rights) before starting silos of this release.");
            }
        }
        catch (Exception ex) when (ex is SchemaMigrationException or InvalidOperationException or ArgumentException)
        {
            // One clear line instead of a stack trace: the operator needs to know what to do, not where it failed.
            throw StartupRefusal.Refuse(logger, ex.Message, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema of {Kind} storage is at version {Version} ({Applied} migrations applied now)")]
    private static partial void LogMigrated(ILogger logger, DatabaseKind kind, int version, int applied);
}
