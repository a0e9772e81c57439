namespace FlagGrains.Silo.Hosting;

public static class HostLifetimeExtensions
{
    /// <summary>Completes once the host has started (every hosted service, Orleans included), or throws when stopping first.</summary>
    public static async Task WaitUntilStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
    }
}
