using FlagGrains.Contracts;
using FlagGrains.Contracts.Catalog;
using FlagGrains.Serving.Resolving;
using FlagGrains.Serving.Snapshots;
using FlagGrains.Silo.Hosting;

namespace FlagGrains.Silo.Apis.Health;

/// <summary>
/// After start, activates this silo's gateway for every environment in the catalog, so the first device request after a
/// deploy is answered from memory and readiness can promise that. Retries until every gateway holds a snapshot.
/// </summary>
public sealed partial class GatewayWarmup(
    IGrainFactory grains,
    SnapshotRegistry registry,
    SnapshotResolver resolver,
    IHostApplicationLifetime lifetime,
    ILogger<GatewayWarmup> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private volatile IReadOnlyList<string>? _expected;
    private volatile bool _completed;

    /// <summary>Environments the catalog listed when this silo started; null until the catalog was read.</summary>
    public IReadOnlyList<string>? Expected => _expected;

    /// <summary>
    /// Expected environments that have no snapshot on this silo yet. Once all had one, none is missing: an environment
    /// nobody reads may later be retired on this silo, and comes back with its next request.
    /// </summary>
    public IReadOnlyList<string> Missing(IReadOnlyList<string> expected) =>
        _completed ? [] : expected.Where(environment => !registry.TryGetEntry(environment, out var entry) || entry.Snapshot is null).ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.WaitUntilStartedAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var expected = _expected ??= (await grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListAsync())
                    .SelectMany(p => p.Environments.Select(e => GrainKeys.Environment(p.Name, e)))
                    .ToList();
                var missing = Missing(expected);
                if (missing.Count == 0)
                {
                    _completed = true;
                    return;
                }

                await Task.WhenAll(missing.Select(e => resolver.ResolveAsync(e).AsTask()));
                if (Missing(expected).Count == 0)
                {
                    _completed = true;
                    return;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogWarmupFailed(logger, ex);
            }

            await Task.Delay(RetryDelay, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway warm-up incomplete; this silo stays not ready and retries")]
    private static partial void LogWarmupFailed(ILogger logger, Exception ex);
}
