using FlagGrains.Mobile.Storage;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Mobile.Sync;

/// <summary>
/// The device's copy of the last values per (environment, targeting key), so a cold start offline serves them. The
/// store is the app's and may fail (full disk, permissions): a failure is logged and treated as "no entry", never
/// thrown, because values in memory stay correct without it. Stateless; used by the sync loop only.
/// </summary>
internal sealed class FlagCache(IFlagStore store, string environment, ILogger logger)
{
    public async Task<CachedFlags?> ReadAsync(EvaluationContext context, CancellationToken cancellationToken)
    {
        try
        {
            var content = await store.ReadAsync(CachedFlags.NameFor(environment, context.TargetingKey!), cancellationToken).ConfigureAwait(false);
            return content is null ? null : CachedFlags.Deserialize(content);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SyncLog.StoreFailed(logger, ex);
            return null;
        }
    }

    public async Task WriteAsync(EvaluationContext context, CachedFlags entry, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteAsync(CachedFlags.NameFor(environment, context.TargetingKey!), entry.Serialize(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SyncLog.StoreFailed(logger, ex);
        }
    }
}
