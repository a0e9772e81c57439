using System.Diagnostics;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// A device population in miniature: bulk evaluations against one silo, paced rather than flat out, because on a
/// two-core box an unpaced loop would starve the silos' membership probes and judge the box instead of the product.
/// </summary>
public sealed class EvaluationLoop : IAsyncDisposable
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(10);

    private readonly HttpClient _ofrep;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _failures = [];
    private readonly List<TimeSpan> _latencies = [];
    private readonly Task _running;
    private long _lastVersion = -1;

    private EvaluationLoop(string silo, HttpClient ofrep)
    {
        Silo = silo;
        _ofrep = ofrep;
        _running = Task.Run(RunAsync);
    }

    public string Silo { get; }

    public int Total { get; private set; }

    public int Failed => _failures.Count;

    /// <summary>Answers that showed an older version than an earlier answer from the same silo.</summary>
    public int Regressions { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    public Latencies Latencies => new(_latencies);

    public static EvaluationLoop Start(string silo, HttpClient ofrep) => new(silo, ofrep);

    /// <summary>Stops after the request in flight; every answer so far has been counted once this returns.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    public override string ToString() =>
        $"{Silo}: {Total - Failed}/{Total} answered 200, {Regressions} version regressions, latency {Latencies}";

    public async ValueTask DisposeAsync()
    {
        if (!_running.IsCompleted) await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var pace = new PeriodicTimer(Pace);
        while (!_stop.IsCancellationRequested)
        {
            var elapsed = Stopwatch.StartNew();
            BulkAnswer answer;
            try
            {
                answer = await _ofrep.EvaluateBulkAsync(_stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }

            Total++;
            _latencies.Add(elapsed.Elapsed);
            if (!answer.Ok)
            {
                if (_failures.Count < 1000) _failures.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {answer}");
            }
            else if (answer.Version < _lastVersion)
            {
                Regressions++;
            }
            else
            {
                _lastVersion = answer.Version!.Value;
            }

            try
            {
                await pace.WaitForNextTickAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
