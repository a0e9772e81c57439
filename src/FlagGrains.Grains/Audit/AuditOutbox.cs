using FlagGrains.Contracts.Audit;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Grains.Audit;

/// <summary>
/// Forwards audit entries that were stored in the same write as the change they describe (an outbox in the writer's
/// own state) to the audit log. Forwarded entries leave the outbox in memory now and in storage with the writer's next
/// write; a crash before that forwards them again, and the log drops repeats by entry id, so that is harmless.
/// </summary>
public static partial class AuditOutbox
{
    /// <summary>
    /// Appends <paramref name="pending"/> to the log of <paramref name="scope"/> and empties it (in memory: storage
    /// follows with the writer's next write). False, with the entries kept, when the log could not be reached.
    /// </summary>
    public static async Task<bool> ForwardAsync(IGrainFactory grains, string scope, List<AuditEntry> pending, Action<Exception> deferred)
    {
        if (pending.Count == 0) return true;
        try
        {
            await grains.GetGrain<IAuditLogGrain>(scope).AppendAsync(StoredAudit.Normalize(pending));
            pending.Clear();
            return true;
        }
        catch (Exception ex)
        {
            deferred(ex);
            return false;
        }
    }

    /// <summary>
    /// As above, logging a deferral as a warning; for writers that simply try again with their next write or activation
    /// instead of keeping a retry timer.
    /// </summary>
    public static Task<bool> ForwardAsync(IGrainFactory grains, string scope, List<AuditEntry> pending, ILogger logger) =>
        ForwardAsync(grains, scope, pending, ex => LogDeferred(logger, ex, scope, pending.Count));

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} audit entries for {Scope} stay in an outbox until the audit log is reachable")]
    private static partial void LogDeferred(ILogger logger, Exception ex, string scope, int count);
}
