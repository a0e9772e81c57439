using System.Diagnostics;
using FlagGrains.Testing.Postgres;
using Xunit.Abstractions;

namespace FlagGrains.Testing.Cluster;

/// <summary>
/// A cluster of real silo processes on a throw-away PostgreSQL schema, with its own cluster id. Disposing kills the
/// silos before the schema is dropped, so nothing outlives the test.
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    /// <summary>A test-only secret; tests never print it.</summary>
    public const string AdminToken = "cluster-tests-admin-token-0123456789";

    /// <summary>The one public name devices use; a load balancer forwards it to whichever silo serves the request.</summary>
    public const string PublicHost = "flags.cluster-tests.invalid";

    private static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(60);

    private readonly List<SiloProcess> _silos = [];
    private readonly List<HttpClient> _clients = [];

    private SiloCluster(PostgresSchema schema, IClusterMembership membership, SiloSettings settings, string logFolder, Action<string> log)
    {
        Schema = schema;
        Membership = membership;
        Settings = settings;
        LogFolder = logFolder;
        Log = log;
    }

    /// <summary>The cluster's own schema; connect here directly to inspect what the silos stored.</summary>
    public PostgresSchema Schema { get; }

    /// <summary>Where the silos find each other: the schema's ADO.NET table unless the caller chose another back end.</summary>
    public IClusterMembership Membership { get; }

    /// <summary>Where <see cref="RunAsync"/> writes silo logs on failure; a cluster shared by tests follows the running one.</summary>
    public Action<string> Log { get; set; }

    public SiloSettings Settings { get; }

    public string ClusterId => Settings.ClusterId;

    public string LogFolder { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public SiloProcess this[int index] => _silos[index];

    public static Task<SiloCluster> StartAsync(int silos, ITestOutputHelper output, Func<string, string>? route = null, IClusterMembership? membership = null) =>
        StartAsync(silos, output.WriteLine, route, membership);

    /// <summary>
    /// Creates the schema, migrates it with the silo's own <c>migrate</c> command and starts <paramref name="silos"/>
    /// silos in parallel. <paramref name="route"/> may rewrite the silos' connection string (to go through a proxy);
    /// <paramref name="membership"/> replaces the default membership in the schema; <paramref name="extra"/> adds
    /// settings (environment names such as <c>FlagGrains__EventStreams__PublicBaseUrl</c>).
    /// </summary>
    public static async Task<SiloCluster> StartAsync(
        int silos,
        Action<string> log,
        Func<string, string>? route = null,
        IClusterMembership? membership = null,
        IReadOnlyDictionary<string, string?>? extra = null,
        TimeSpan? readyTimeout = null)
    {
        var schema = await PostgresSchema.CreateAsync();
        membership ??= new PostgresMembership(schema);
        var clusterId = $"cluster-{Guid.NewGuid():N}"[..20];
        var logFolder = Path.Combine(Path.GetTempPath(), "flaggrains-cluster-tests", clusterId);
        var settings = new SiloSettings(route?.Invoke(schema.ConnectionString) ?? schema.ConnectionString, membership.SiloEnvironment, clusterId, AdminToken)
        {
            Extra = extra ?? new Dictionary<string, string?>(),
        };
        var cluster = new SiloCluster(schema, membership, settings, logFolder, log);
        try
        {
            var elapsed = Stopwatch.StartNew();
            var migrated = await MigrateSubcommand.RunAsync(schema.ConnectionString);
            log($"migrate: {migrated.ReplaceLineEndings(" | ")} ({elapsed.ElapsedMilliseconds} ms)");

            elapsed.Restart();
            for (var i = 0; i < silos; i++) cluster.StartAnother();
            await Task.WhenAll(cluster._silos.Select(s => s.WaitUntilReadyAsync(readyTimeout ?? DefaultReadyTimeout)));
            log($"{silos} silos ready in {elapsed.ElapsedMilliseconds} ms (cluster {clusterId}, logs in {logFolder})");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops every silo gracefully, then starts as many new ones on the same database and waits until they are ready.</summary>
    public async Task RestartAllAsync()
    {
        var count = _silos.Count;
        var stopped = await Task.WhenAll(_silos.Select(s => s.StopGracefullyAsync(StopPatience)));
        if (stopped.Contains(false)) throw new TimeoutException($"A silo did not stop within {StopPatience.TotalSeconds:0} s of SIGTERM.");
        foreach (var silo in _silos) await silo.DisposeAsync();
        _silos.Clear();
        for (var i = 0; i < count; i++) _silos.Add(SiloProcess.Start($"silo{i + 1}-restarted", Settings, LogFolder));
        await Task.WhenAll(_silos.Select(s => s.WaitUntilReadyAsync(DefaultReadyTimeout)));
    }

    /// <summary>Starts one more silo of this cluster (named by its position) without waiting for it to be ready.</summary>
    public SiloProcess StartAnother()
    {
        var silo = SiloProcess.Start($"silo{_silos.Count + 1}", Settings, LogFolder);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>
    /// Starts silo <paramref name="index"/> again after it exited: same name, same ports (a restarted node keeps its
    /// address; Orleans sees a new generation). The caller waits for it to be ready.
    /// </summary>
    public async Task<SiloProcess> StartAgainAsync(int index)
    {
        var previous = _silos[index];
        if (!previous.HasExited) throw new InvalidOperationException($"{previous.Name} is still running.");
        await previous.DisposeAsync();
        var next = SiloProcess.Start(previous.Name, Settings, LogFolder, previous.Ports);
        _silos[index] = next;
        return next;
    }

    /// <summary>
    /// Stops every silo gracefully and starts <paramref name="silos"/> new ones on the same database and cluster id: a
    /// whole-cluster restart, as after a full redeploy. The old processes stay in <see cref="Silos"/> (exited), so
    /// indexes of new silos follow them.
    /// </summary>
    public async Task<IReadOnlyList<int>> RestartAllAsync(int silos)
    {
        var elapsed = Stopwatch.StartNew();
        await Task.WhenAll(_silos.Where(s => !s.HasExited).Select(s => s.StopGracefullyAsync(StopPatience)));
        Log($"every silo stopped in {elapsed.ElapsedMilliseconds} ms");

        elapsed.Restart();
        var first = _silos.Count;
        for (var i = 0; i < silos; i++) StartAnother();
        await Task.WhenAll(_silos.Skip(first).Select(s => s.WaitUntilReadyAsync(DefaultReadyTimeout)));
        Log($"{silos} new silos ready in {elapsed.ElapsedMilliseconds} ms");
        return Enumerable.Range(first, silos).ToList();
    }

    /// <summary>An admin API client of one silo. The timeout exceeds Orleans' 30 s call timeout, so a 503 can surface.</summary>
    public HttpClient Admin(int silo) => Client(silo, AdminToken, TimeSpan.FromSeconds(40));

    /// <summary>
    /// An OFREP client of one silo, sending the public Host a device behind a load balancer sends, so answers (and their
    /// ETags) may be compared across silos. Evaluations are served from memory: waiting 10 s for one is a failure.
    /// </summary>
    public HttpClient Ofrep(int silo, string key)
    {
        var client = Client(silo, key, TimeSpan.FromSeconds(10));
        client.DefaultRequestHeaders.Host = PublicHost;
        return client;
    }

    /// <summary>
    /// Runs the scenario; if it fails, the tails of every silo log are written out, since the cause usually shows there
    /// and the processes (and their consoles) are gone once the test ends.
    /// </summary>
    public async Task RunAsync(Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch
        {
            foreach (var silo in _silos) Log(silo.LogTail());
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await Task.WhenAll(_silos.Select(s => s.DisposeAsync().AsTask()));
        await Schema.DisposeAsync();
    }

    private HttpClient Client(int silo, string bearer, TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = _silos[silo].BaseAddress, Timeout = timeout };
        client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        _clients.Add(client);
        return client;
    }
}
