using System.Data.Common;
using Orleans.Runtime;

namespace FlagGrains.Serving.Resolving;

/// <summary>
/// Retries a first request's cluster work (reading the catalog, activating a gateway) while the cluster settles. A silo
/// that just joined is not yet known to the directory partition that registers its activations; a silo being evicted
/// still owns grains for a few seconds; the pub-sub store can refuse a write while both happen. Each passes within a
/// membership round, and a device answered 503 meanwhile may back off for minutes, so the work is tried again (with
/// growing pauses) for as long as a request may wait for a version anyway.
/// </summary>
public static class TransientRetry
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(Func<Task> attempt, TimeSpan limit, TimeProvider clock)
    {
        var started = clock.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            try
            {
                await attempt().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (IsTransient(ex) && clock.GetElapsedTime(started) + pause < limit)
            {
                await Task.Delay(pause, clock).ConfigureAwait(false);
                pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
            }
        }
    }

    /// <summary>Failures of the cluster or its storage, as opposed to bugs: what a moment's wait can cure.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OrleansException or TimeoutException or DbException) return true;
        }

        return false;
    }
}
