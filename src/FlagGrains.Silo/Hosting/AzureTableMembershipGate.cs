using FlagGrains.Clustering.AzureStorage;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// Refuses to start, in one line, when the Azure membership table cannot be used with the configured settings: a
/// bad connection string, an unreachable endpoint, missing permissions. Bounded by <see cref="Deadline"/>, so a
/// black-holed endpoint costs a failed start, not a hang.
/// </summary>
public sealed partial class AzureTableMembershipGate(AzureStorageMembershipOptions options, StorageOptions storage, ILogger<AzureTableMembershipGate> logger) : IStartupGate
{
    /// <summary>Long enough for the SDK's retries of a blip (about 4 s), short enough for an operator watching a start.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly Lazy<Task> _once = new(() => RunAsync(options, storage, logger));

    public Task EnsureAsync() => _once.Value;

    private static async Task RunAsync(AzureStorageMembershipOptions options, StorageOptions storage, ILogger logger)
    {
        if (await MembershipTableCheck.ProblemAsync(options, Deadline) is { } problem)
            throw StartupRefusal.Refuse(logger, "Azure Table membership: " + problem);

        // Grain state is not in the table: every silo must reach the same database. A SQLite file is one silo's own.
        if (storage.Provider == StorageProvider.Sqlite) LogSingleSiloOnly(logger);
        LogReady(logger, options.TableName);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure Table membership: table '{Table}' accepts create, write, read and delete")]
    private static partial void LogReady(ILogger logger, string table);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azure Table membership with SQLite grain storage: run a single silo only; a second silo would keep its own copy of every flag set")]
    private static partial void LogSingleSiloOnly(ILogger logger);
}
