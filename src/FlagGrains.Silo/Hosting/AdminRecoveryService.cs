using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Audit;
using FlagGrains.Persistence;

namespace FlagGrains.Silo.Hosting;

/// <summary>
/// Applies break-glass requests left by <c>FlagGrains.Silo admin reset-token</c>: each becomes an admin-role token in
/// the directory (audited there, once, whichever silo applies it first) and is then marked applied.
/// </summary>
public sealed partial class AdminRecoveryService(
    IGrainFactory grains,
    StorageOptions storage,
    IHostApplicationLifetime lifetime,
    ILogger<AdminRecoveryService> logger) : BackgroundService
{
    /// <summary>How soon a running cluster honours a request.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.WaitUntilStartedAsync(stoppingToken);

        var requests = new AdminRecoveryRequests(storage.Kind, storage.ResolveConnectionString());
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var request in await requests.PendingAsync(stoppingToken))
                {
                    var change = new ChangeContext("break-glass", $"admin reset-token by {request.RequestedBy}", request.RecoveryId, null);
                    await grains.GetGrain<IAdminDirectoryGrain>(GrainKeys.AdminDirectory).RecoverAsync(request.RecoveryId, request.TokenSha256Hex, change);
                    await requests.MarkAppliedAsync(request.RecoveryId, stoppingToken);
                    LogApplied(logger, request.RecoveryId, request.RequestedBy);
                }

                failing = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Said once per outage: the database being away is reported by everything else already.
                if (!failing) LogCheckFailed(logger, ex);
                failing = true;
            }

            await Task.Delay(Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Break-glass admin token {RecoveryId} requested by {RequestedBy} is now active (see the admin audit log)")]
    private static partial void LogApplied(ILogger logger, string recoveryId, string requestedBy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check for break-glass admin recovery requests; retrying")]
    private static partial void LogCheckFailed(ILogger logger, Exception ex);
}
