using Microsoft.Extensions.Logging;

namespace FlagGrains.Client.Hosting;

/// <summary>
/// Keeps trying to join the cluster until the service stops. Orleans' default gives up after 15 attempts (~3 min)
/// and fails the host; a service that answers from its snapshot cache should instead wait out the outage.
/// </summary>
internal sealed partial class UntilStoppedRetryFilter(ILogger<UntilStoppedRetryFilter> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return false;
        var attempt = ++_attempts;
        if (attempt == 1) LogWaiting(logger, exception);

        var delay = TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 250 * attempt));
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "FlagGrains client cannot join the cluster yet; retrying until it can (evaluators answer from the snapshot cache, if any)")]
    private static partial void LogWaiting(ILogger logger, Exception ex);
}
