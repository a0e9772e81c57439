using FlagGrains.Contracts.Audit;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Grains.Audit;

/// <summary>
/// Forwards audit entries a grain stored with its own change (its outbox) to the audit log of <c>scope</c>. Forwarded
/// entries leave the outbox in memory now and in storage with the grain's next write; a crash before that forwards
/// them again, and the log ignores repeats by entry id.
/// </summary>
internal static partial class AuditOutbox
{
    public static async Task ForwardAsync(IGrainFactory grains, string scope, List<AuditEntry> pending, ILogger logger)
    {
        if (pending.Count == 0) return;
        try
        {
            await grains.GetGrain<IAuditLogGrain>(scope).AppendAsync(StoredAudit.Normalize(pending));
            pending.Clear();
        }
        catch (Exception ex)
        {
            LogDeferred(logger, ex, scope, pending.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} audit entries for {Scope} stay in an outbox until the audit log is reachable")]
    private static partial void LogDeferred(ILogger logger, Exception ex, string scope, int count);
}
