using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.Faults;
using FlagGrains.Chaos.History;
using FlagGrains.Chaos.Workload;
using FlagGrains.Testing;
using FlagGrains.Testing.Cluster;
using FlagGrains.Testing.Postgres;
using Npgsql;

namespace FlagGrains.Chaos.Running;

/// <summary>What a soak found: the rule violations and the summary table, with the history they came from.</summary>
public sealed record ChaosResult(IReadOnlyList<Violation> Violations, RunSummary Summary, string HistoryPath);

/// <summary>
/// One soak, start to end: a cluster on PostgreSQL behind a proxy, the first flag set and a client key, then writers
/// and devices through the load balancer while the fault plan runs; then every fault ends, traffic goes on for a quiet
/// period, writes stop, each silo is read once more, and the stored history is read back for the checker.
/// </summary>
public static class ChaosRun
{
    public const string Project = "chaos";
    public const string Environment = "prod";
    public static readonly string EnvironmentPath = $"/admin/v1/projects/{Project}/environments/{Environment}";

    private static readonly TimeSpan FinalReadsSettle = new CheckerLimits().Staleness + TimeSpan.FromSeconds(2);

    public static async Task<ChaosResult> RunAsync(ChaosOptions options, Action<string> log)
    {
        var loadBefore = LoadAverage.Read();
        var plan = FaultPlan.Create(options.Seed, options.Silos, options.Duration);
        log($"seed {options.Seed}: {plan.Count} planned faults over {options.Duration.TotalMinutes:0.##} min");
        foreach (var step in plan) log("  " + step);

        using var history = new HistoryLog(options.HistoryPath);
        var server = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString);
        await using var proxy = await TcpProxy.StartAsync(server.Host!, server.Port);
        await using var silos = await SiloCluster.StartAsync(
            options.Silos,
            log,
            connectionString => new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString,
            extra: new Dictionary<string, string?>
            {
                // Stream URLs name the load balancer, as in production, so a device reconnects through it to any silo.
                ["FlagGrains__EventStreams__PublicBaseUrl"] = BalancedHandler.PublicBase.AbsoluteUri.TrimEnd('/'),
            },
            readyTimeout: ChaosCluster.ReadyTimeout);
        var cluster = new ChaosCluster(silos, proxy, history, log);
        history.Add(new HistoryRecord { Type = RecordTypes.Run, T0 = history.Now, Settings = options.Describe(), Detail = $"load average {loadBefore}" });
        cluster.AdmitAll();

        var writers = Enumerable.Range(1, options.Writers)
            .Select(i => new Writer($"writer-{i}", cluster.Rotation, history, options.Seed * 100 + i, EnvironmentPath)).ToList();
        await writers[0].SeedAsync(TimeSpan.FromSeconds(60));
        var key = await CreateClientKeyAsync(silos[0].BaseAddress);
        await WaitUntilEverySiloAcceptsAsync(silos, key);

        var injector = new FaultInjector(cluster, history, log);
        using var stopWriters = new CancellationTokenSource();
        using var stopDevices = new CancellationTokenSource();
        var sdkDevices = Enumerable.Range(1, options.SdkDevices)
            .Select(i => new SdkDevice($"sdk-{i}", cluster.Rotation, history, key, options.Seed * 100 + 20 + i)).ToList();
        var pollers = Enumerable.Range(1, options.Pollers)
            .Select(i => new PollerDevice($"poller-{i}", cluster.Rotation, history, key, options.Seed * 100 + 40 + i)).ToList();
        try
        {
            history.Add(new HistoryRecord { Type = RecordTypes.Phase, Kind = Phases.Chaos, T0 = history.Now });
            var writing = writers.Select(w => Task.Run(() => w.RunAsync(stopWriters.Token))).ToList();
            var polling = pollers.Select(p => Task.Run(() => p.RunAsync(stopDevices.Token))).ToList();

            var faultPhaseEnd = history.Now + options.Duration.TotalMilliseconds;
            using (var faultPhase = new CancellationTokenSource(options.Duration))
            {
                await injector.RunAsync(plan, faultPhase.Token);
            }

            if (faultPhaseEnd - history.Now is > 0 and var left) await Task.Delay(TimeSpan.FromMilliseconds(left));

            log($"{history.Now / 1000,7:0.0} s  fault phase over; recovering");
            await injector.RecoverAsync();
            history.Add(new HistoryRecord { Type = RecordTypes.Phase, Kind = Phases.FaultsEnded, T0 = history.Now });
            log($"{history.Now / 1000,7:0.0} s  every fault ended; quiet traffic for {options.Quiet.TotalSeconds:0} s");
            await Task.Delay(options.Quiet);

            await stopWriters.CancelAsync();
            await Task.WhenAll(writing);
            history.Add(new HistoryRecord { Type = RecordTypes.Phase, Kind = Phases.WritersStopped, T0 = history.Now });
            await Task.Delay(FinalReadsSettle);

            history.Add(new HistoryRecord { Type = RecordTypes.Phase, Kind = Phases.Final, T0 = history.Now });
            await FinalReadsAsync(cluster.Rotation, history, key);
            await stopDevices.CancelAsync();
            await Task.WhenAll(polling);
        }
        finally
        {
            await stopWriters.CancelAsync();
            await stopDevices.CancelAsync();
            foreach (var device in sdkDevices) await device.DisposeAsync();
            pollers.ForEach(p => p.Dispose());
            writers.ForEach(w => w.Dispose());
        }

        var stored = await StoredHistoryReader.AppendAsync(cluster.Rotation.Members[0].BaseAddress, EnvironmentPath, history);
        log($"{history.Now / 1000,7:0.0} s  read {stored} stored changes back; checking the history");
        history.Flush();

        var records = history.Snapshot();
        var violations = Checker.Check(records);
        var summary = RunSummary.From(records, violations, options, loadBefore, LoadAverage.Read());
        return new ChaosResult(violations, summary, Path.GetFullPath(options.HistoryPath));
    }

    /// <summary>Each silo of the rotation answers a few plain bulk evaluations: what it serves once everything settled.</summary>
    private static async Task FinalReadsAsync(Rotation rotation, HistoryLog history, string key)
    {
        foreach (var member in rotation.Members)
        {
            var only = new Rotation();
            only.Add(member);
            using var http = new HttpClient(new BalancedHandler(only, history, Checking.LostWrites.FinalActor, 0))
            {
                BaseAddress = BalancedHandler.PublicBase,
                Timeout = TimeSpan.FromSeconds(10),
                DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) },
            };
            for (var i = 0; i < 3; i++)
            {
                try
                {
                    using var response = await http.PostAsync("ofrep/v1/evaluate/flags",
                        new StringContent("""{"context":{"targetingKey":"final"}}""", Encoding.UTF8, "application/json"));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Recorded; the checker judges it.
                }

                await Task.Delay(200);
            }
        }
    }

    private static async Task<string> CreateClientKeyAsync(Uri silo)
    {
        using var http = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(40) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SiloCluster.AdminToken);
        using var response = await http.PostAsync($"{EnvironmentPath}/keys", new StringContent("""{"kind":"client","name":"chaos devices"}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["key"]!.GetValue<string>();
    }

    /// <summary>Before the faults begin, every silo knows the key (its gateway holds the version that created it).</summary>
    private static async Task WaitUntilEverySiloAcceptsAsync(SiloCluster silos, string key)
    {
        foreach (var silo in silos.Silos)
        {
            using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            await Poll.UntilAsync($"{silo.Name} accepts the client key", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(50), async () =>
            {
                using var response = await http.PostAsync("/ofrep/v1/evaluate/flags", new StringContent("""{"context":{}}""", Encoding.UTF8, "application/json"));
                return response.IsSuccessStatusCode;
            });
        }
    }
}
