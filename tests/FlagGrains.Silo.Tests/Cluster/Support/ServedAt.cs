using System.Collections.Concurrent;
using System.Diagnostics;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// Watches one silo as a device would (bulk evaluations, every few milliseconds) and notes when each environment
/// version was first served there.
/// </summary>
public sealed class ServedAt : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, DateTimeOffset> _firstSeen = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ServedAt(string silo, HttpClient ofrep)
    {
        Silo = silo;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var answer = await ofrep.EvaluateBulkAsync(_stop.Token);
                if (answer.Version is { } version) _firstSeen.TryAdd(version, DateTimeOffset.UtcNow);
                try
                {
                    await Task.Delay(5, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    public string Silo { get; }

    public static ServedAt Start(string silo, HttpClient ofrep) => new(silo, ofrep);

    /// <summary>When <paramref name="version"/> (or a newer one) was first served; waits up to <paramref name="timeout"/>.</summary>
    public async Task<DateTimeOffset> WaitAsync(long version, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var seen = _firstSeen.Where(v => v.Key >= version).Select(v => v.Value).DefaultIfEmpty().Min();
            if (seen != default) return seen;
            if (waited.Elapsed > timeout) Assert.Fail($"{Silo} did not serve version {version} within {timeout.TotalSeconds:0} s (saw {string.Join(", ", _firstSeen.Keys.Order())}).");
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-request.
        }

        _stop.Dispose();
    }
}
