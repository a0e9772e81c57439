using FlagGrains.Contracts.Audit;

namespace FlagGrains.Grains.Audit;

/// <summary>
/// Forwards audit entries that were stored in the same write as the change they describe (an outbox in the writer's
/// own state) to the audit log. The log drops repeats by entry id, so forwarding again after a crash is harmless.
/// </summary>
public static class AuditOutbox
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
}
