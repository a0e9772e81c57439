using FlagGrains.Chaos.History;
using FlagGrains.Chaos.Workload;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Chaos.Faults;

/// <summary>
/// The silos under test, their load balancer and the database proxy, with the faults as operations: each silo
/// transition (ready, leaving) goes into the history, and each process of a silo is its own incarnation
/// (<c>silo2#3</c>), because a restarted silo promises nothing about what its previous process served.
/// </summary>
public sealed class ChaosCluster(SiloCluster cluster, TcpProxy proxy, HistoryLog history, Action<string> log)
{
    /// <summary>A silo restarted during a database outage exits (it cannot join); it is tried again until this passes.</summary>
    private static readonly TimeSpan RestartDeadline = TimeSpan.FromMinutes(4);

    /// <summary>Three silos starting at once on a two-core box shared with other builds can take minutes.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(30);

    private readonly int[] _incarnations = Enumerable.Repeat(1, cluster.Silos.Count).ToArray();
    private readonly SemaphoreSlim[] _locks = cluster.Silos.Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public Rotation Rotation { get; } = new();

    public TcpProxy Database => proxy;

    public int Count => cluster.Silos.Count;

    public string Label(int silo) => $"{cluster[silo].Name}#{_incarnations[silo]}";

    public bool IsRunning(int silo) => !cluster[silo].HasExited;

    /// <summary>Puts every silo started with the cluster into the rotation.</summary>
    public void AdmitAll()
    {
        for (var i = 0; i < Count; i++) Admit(i);
    }

    /// <summary>
    /// Kills or stops one silo (one fault at a time per silo) unless it is busy or that would leave no other silo in the
    /// rotation: then it waits, up to <paramref name="patience"/>, or skips. Returns the incarnation taken down, or null.
    /// </summary>
    public async Task<string?> TakeDownAsync(int silo, bool hard, TimeSpan patience)
    {
        // A silo still busy with an earlier fault (a restart waiting out a database outage) is left alone: the fault
        // would otherwise land minutes after its planned time.
        var deadline = DateTime.UtcNow + patience;
        if (!await _locks[silo].WaitAsync(patience)) return null;
        try
        {
            if (!IsRunning(silo)) return null;
            while (!Rotation.Members.Any(m => m.Label != Label(silo)))
            {
                if (DateTime.UtcNow > deadline) return null;
                await Task.Delay(200);
            }

            Leave(silo);
            if (hard) await cluster[silo].KillHardAsync();
            else if (!await cluster[silo].StopGracefullyAsync(StopPatience)) log($"{Label(silo)} did not stop within {StopPatience.TotalSeconds:0} s of SIGTERM; killed");
            return Label(silo);
        }
        finally
        {
            _locks[silo].Release();
        }
    }

    /// <summary>
    /// Starts a silo that is down again (same ports) and admits it once ready; retries while it cannot join. False when
    /// it was up already (its kill or stop had been skipped).
    /// </summary>
    public async Task<bool> BringBackAsync(int silo)
    {
        await _locks[silo].WaitAsync();
        try
        {
            var started = false;
            var deadline = DateTime.UtcNow + RestartDeadline;
            while (!IsRunning(silo) || !Rotation.Members.Any(m => m.Label == Label(silo)))
            {
                if (IsRunning(silo)) await cluster[silo].KillHardAsync();
                var process = await cluster.StartAgainAsync(silo);
                _incarnations[silo]++;
                started = true;
                try
                {
                    await process.WaitUntilReadyAsync(ReadyTimeout);
                    Admit(silo);
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException && DateTime.UtcNow < deadline)
                {
                    log($"{Label(silo)} did not start ({ex.Message.Split('\n')[0]}); trying again");
                    if (!process.HasExited) await process.KillHardAsync();
                    await Task.Delay(2000);
                }
            }

            return started;
        }
        finally
        {
            _locks[silo].Release();
        }
    }

    private void Admit(int silo)
    {
        Rotation.Add(new Rotation.Member(Label(silo), cluster[silo].BaseAddress));
        history.Add(new HistoryRecord { Type = RecordTypes.Silo, Kind = SiloTransitions.Ready, Silo = Label(silo), T0 = history.Now });
    }

    private void Leave(int silo)
    {
        Rotation.Remove(Label(silo));
        history.Add(new HistoryRecord { Type = RecordTypes.Silo, Kind = SiloTransitions.Leaving, Silo = Label(silo), T0 = history.Now });
    }
}
