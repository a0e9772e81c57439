using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Faults;

/// <summary>
/// Plays a fault plan against the cluster in real time. Faults overlap as planned (a silo may be restarting while the
/// database is out); each is recorded with when it began and ended. <see cref="RecoverAsync"/> ends every fault.
/// </summary>
public sealed class FaultInjector(ChaosCluster cluster, HistoryLog history, Action<string> log)
{
    /// <summary>How long a kill or stop waits for another silo to be ready before it is skipped.</summary>
    private static readonly TimeSpan ReadyPatience = TimeSpan.FromSeconds(30);

    private const string SkippedTakeDown = "skipped: the silo was busy with an earlier fault, or no other silo was ready";

    private readonly List<Task> _running = [];
    private int _injected;
    private int _skipped;

    public int Injected => Volatile.Read(ref _injected);

    public int Skipped => Volatile.Read(ref _skipped);

    public async Task RunAsync(IReadOnlyList<FaultStep> plan, CancellationToken stop)
    {
        var started = history.Now;
        foreach (var step in plan)
        {
            var wait = started + step.At.TotalMilliseconds - history.Now;
            try
            {
                if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            _running.Add(ExecuteAsync(step));
        }
    }

    /// <summary>Ends every fault: waits for those in progress, makes the database whole and fast, restarts what is down.</summary>
    public async Task RecoverAsync()
    {
        await Task.WhenAll(_running);
        cluster.Database.Latency = TimeSpan.Zero;
        cluster.Database.Restore();
        await Task.WhenAll(Enumerable.Range(0, cluster.Count).Select(cluster.BringBackAsync));
    }

    private async Task ExecuteAsync(FaultStep step)
    {
        var t0 = history.Now;
        var target = step.Silo >= 0 ? cluster.Label(step.Silo) : null;
        string? outcome = null;
        try
        {
            switch (step.Kind)
            {
                case FaultKinds.Kill or FaultKinds.Stop:
                    if (await cluster.TakeDownAsync(step.Silo, hard: step.Kind == FaultKinds.Kill, ReadyPatience) is { } taken) target = taken;
                    else outcome = SkippedTakeDown;
                    break;
                case FaultKinds.Bounce:
                    if (await cluster.TakeDownAsync(step.Silo, hard: false, ReadyPatience) is { } bounced)
                    {
                        target = bounced;
                        await cluster.BringBackAsync(step.Silo);
                    }
                    else
                    {
                        outcome = SkippedTakeDown;
                    }

                    break;
                case FaultKinds.Restart:
                    if (!await cluster.BringBackAsync(step.Silo)) outcome = "skipped: it was up (its kill or stop was skipped)";
                    target = cluster.Label(step.Silo);
                    break;
                case FaultKinds.DatabaseOutage:
                    cluster.Database.Cut();
                    await Task.Delay(step.Duration);
                    cluster.Database.Restore();
                    break;
                case FaultKinds.SlowDatabase:
                    cluster.Database.Latency = step.Latency;
                    await Task.Delay(step.Duration);
                    cluster.Database.Latency = TimeSpan.Zero;
                    break;
            }
        }
        catch (Exception ex)
        {
            outcome = $"failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}";
        }

        Interlocked.Increment(ref outcome?.StartsWith("skipped", StringComparison.Ordinal) == true ? ref _skipped : ref _injected);
        log($"{history.Now / 1000,7:0.0} s  {step.Kind} {target ?? ""} {outcome ?? "done"}");
        history.Add(new HistoryRecord
        {
            Type = RecordTypes.Fault, Kind = step.Kind, Silo = target, T0 = t0, T1 = history.Now, Detail = outcome ?? step.ToString().Trim(),
        });
    }
}
