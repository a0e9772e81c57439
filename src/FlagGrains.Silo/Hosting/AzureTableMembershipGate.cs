using FlagGrains.Clustering.AzureStorage;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// Refuses to start, in one line, when the Azure membership table cannot be used with the configured settings: a
/// bad connection string, missing permissions, or an endpoint still unreachable after
/// <c>FlagGrains:Cluster:AzureStorage:StartupCheckTimeout</c> (30 s), so a black-holed endpoint costs a failed start, not a hang.
/// </summary>
public sealed partial class AzureTableMembershipGate(AzureStorageMembershipOptions options, StorageOptions storage, ILogger<AzureTableMembershipGate> logger) : IStartupGate
{
    private readonly Lazy<Task> _once = new(() => RunAsync(options, storage, logger));

    public Task EnsureAsync() => _once.Value;

    private static async Task RunAsync(AzureStorageMembershipOptions options, StorageOptions storage, ILogger logger)
    {
        if (await MembershipTableCheck.ProblemAsync(options, reason => LogWaiting(logger, reason, options.StartupCheckTimeout)) is { } problem)
            throw StartupRefusal.Refuse(logger, "Azure Table membership: " + problem);

        // Grain state is not in the table: every silo must reach the same database. A SQLite file is one silo's own.
        if (storage.Provider == StorageProvider.Sqlite) LogSingleSiloOnly(logger);
        LogReady(logger, options.TableName);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azure Table membership: {Reason}; retrying for up to {Timeout} before refusing to start")]
    private static partial void LogWaiting(ILogger logger, string reason, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure Table membership: table '{Table}' accepts create, write, read and delete")]
    private static partial void LogReady(ILogger logger, string table);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azure Table membership with SQLite grain storage: run a single silo only; a second silo would keep its own copy of every flag set")]
    private static partial void LogSingleSiloOnly(ILogger logger);
}
