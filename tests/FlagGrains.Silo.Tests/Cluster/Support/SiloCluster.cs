using System.Diagnostics;
using FlagGrains.Testing.Postgres;
using Xunit.Abstractions;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// A cluster of real silo processes on a throw-away PostgreSQL schema, with its own cluster id. Disposing kills the
/// silos before the schema is dropped, so nothing outlives the test.
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    /// <summary>A test-only secret; tests never print it.</summary>
    public const string AdminToken = "cluster-tests-admin-token-0123456789";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly List<SiloProcess> _silos = [];
    private readonly List<HttpClient> _clients = [];

    private SiloCluster(PostgresSchema schema, IClusterMembership membership, SiloSettings settings, string logFolder, ITestOutputHelper output)
    {
        Schema = schema;
        Membership = membership;
        Settings = settings;
        LogFolder = logFolder;
        Output = output;
    }

    /// <summary>The test's own schema; connect here directly to inspect what the silos stored.</summary>
    public PostgresSchema Schema { get; }

    /// <summary>Where the silos find each other: the schema's ADO.NET table unless the test chose another back end.</summary>
    public IClusterMembership Membership { get; }

    /// <summary>Where <see cref="RunAsync"/> writes silo logs on failure; a cluster shared by tests follows the running one.</summary>
    public ITestOutputHelper Output { get; set; }

    public SiloSettings Settings { get; }

    public string ClusterId => Settings.ClusterId;

    public string LogFolder { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public SiloProcess this[int index] => _silos[index];

    /// <summary>
    /// Creates the schema, migrates it with the silo's own <c>migrate</c> command and starts <paramref name="silos"/>
    /// silos in parallel. <paramref name="route"/> may rewrite the silos' connection string (to go through a proxy);
    /// <paramref name="membership"/> replaces the default membership in the schema.
    /// </summary>
    public static async Task<SiloCluster> StartAsync(int silos, ITestOutputHelper output, Func<string, string>? route = null, IClusterMembership? membership = null)
    {
        var schema = await PostgresSchema.CreateAsync();
        membership ??= new PostgresMembership(schema);
        var clusterId = $"cluster-{Guid.NewGuid():N}"[..20];
        var logFolder = Path.Combine(Path.GetTempPath(), "flaggrains-cluster-tests", clusterId);
        var settings = new SiloSettings(route?.Invoke(schema.ConnectionString) ?? schema.ConnectionString, membership.SiloEnvironment, clusterId, AdminToken);
        var cluster = new SiloCluster(schema, membership, settings, logFolder, output);
        try
        {
            var elapsed = Stopwatch.StartNew();
            var migrated = await MigrateSubcommand.RunAsync(schema.ConnectionString);
            output.WriteLine($"migrate: {migrated.ReplaceLineEndings(" | ")} ({elapsed.ElapsedMilliseconds} ms)");

            elapsed.Restart();
            for (var i = 0; i < silos; i++) cluster.StartAnother();
            await Task.WhenAll(cluster._silos.Select(s => s.WaitUntilReadyAsync(ReadyTimeout)));
            output.WriteLine($"{silos} silos ready in {elapsed.ElapsedMilliseconds} ms (cluster {clusterId}, logs in {logFolder})");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo of this cluster (named by its position) without waiting for it to be ready.</summary>
    public SiloProcess StartAnother()
    {
        var silo = SiloProcess.Start($"silo{_silos.Count + 1}", Settings, LogFolder);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>An admin API client of one silo. The timeout exceeds Orleans' 30 s call timeout, so a 503 can surface.</summary>
    public HttpClient Admin(int silo) => Client(silo, AdminToken, TimeSpan.FromSeconds(40));

    /// <summary>The one public name devices use; a load balancer forwards it to whichever silo serves the request.</summary>
    public const string PublicHost = "flags.cluster-tests.invalid";

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
    /// Runs the scenario; if it fails, the tails of every silo log go to the test output, since the cause usually
    /// shows there and the processes (and their consoles) are gone once the test ends.
    /// </summary>
    public async Task RunAsync(Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch
        {
            foreach (var silo in _silos) Output.WriteLine(silo.LogTail());
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
