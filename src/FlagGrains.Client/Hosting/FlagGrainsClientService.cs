using FlagGrains.Client.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlagGrains.Client.Hosting;

/// <summary>
/// Starts the Orleans client and the environment sync loops in the background, so the host starts (and serves from
/// the snapshot cache) even while the cluster is unreachable. Takes the place of the Orleans client's own hosted
/// service, whose start blocks the host until the cluster answers.
/// </summary>
internal sealed partial class FlagGrainsClientService(
    IClusterClient clusterClient,
    FlagGrainsClient flags,
    IOptions<FlagGrainsClientOptions> options,
    ILoggerFactory loggerFactory) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<FlagGrainsClientService>();
    private EnvironmentSync[] _syncs = [];
    private Task _running = Task.CompletedTask;
    private bool _clientStarted;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cache = settings.SnapshotCacheDirectory is { } directory
            ? new SnapshotFileCache(directory, settings.Limits.ToRuleLimits(), loggerFactory.CreateLogger<SnapshotFileCache>())
            : null;
        if (cache is not null)
        {
            foreach (var mirror in flags.Mirrors)
            {
                if (cache.TryLoad(mirror.EnvironmentKey) is { } cached) mirror.Apply(cached, confirmed: false);
            }
        }

        var syncLogger = loggerFactory.CreateLogger<EnvironmentSync>();
        _syncs = flags.Mirrors.Select(mirror => new EnvironmentSync(mirror, clusterClient, settings, cache, syncLogger)).ToArray();
        _running = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!_clientStarted) return;

        foreach (var sync in _syncs) await sync.UnsubscribeAsync(cancellationToken);
        try
        {
            await ((IHostedService)clusterClient).StopAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            LogStopFailed(_logger, ex);
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            // Set first: a start cancelled half-way still has connections to close.
            _clientStarted = true;

            // Retries until connected or stopped (UntilStoppedRetryFilter).
            await ((IHostedService)clusterClient).StartAsync(stopping);
        }
        catch (Exception ex)
        {
            if (!stopping.IsCancellationRequested) LogStartFailed(_logger, ex);
            return;
        }

        await Task.WhenAll(_syncs.Select(sync => sync.RunAsync(stopping)));
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "FlagGrains client could not start its Orleans client; evaluators keep their cached snapshots but will not update")]
    private static partial void LogStartFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FlagGrains client's Orleans client did not stop cleanly")]
    private static partial void LogStopFailed(ILogger logger, Exception ex);
}
