using FlagGrains.Client.Evaluation;
using FlagGrains.Client.Tests.TestSupport;

namespace FlagGrains.Client.Tests.Sync;

/// <summary>Stops the whole cluster, so it runs on a cluster of its own.</summary>
public sealed class OutageTests : IAsyncLifetime
{
    private readonly ClientClusterFixture _cluster = new();
    private readonly string _cacheDirectory = Path.Combine(Path.GetTempPath(), "flaggrains-outage-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        if (Directory.Exists(_cacheDirectory)) Directory.Delete(_cacheDirectory, recursive: true);
    }

    [Fact]
    public async Task The_client_keeps_answering_from_its_last_snapshot_while_the_cluster_is_down_and_after_a_restart()
    {
        var (project, environment, key) = Flags.NewEnvironment();
        await _cluster.PutAsync(key, Flags.Checkout(on: false));
        var version = await _cluster.PutAsync(key, Flags.Checkout(on: true));
        await using var running = await StartClientAsync(key);
        var flags = running.Flags.GetEvaluator(project, environment);
        await flags.WaitForReadyAsync().WaitAsync(Signals.Patience);
        await Signals.StatusOf(flags, FlagEvaluatorStatus.Ready);

        // Waited on after the stop: while silos shut down one at a time, a check may fail and the next succeed.
        await _cluster.Cluster.StopAllSilosAsync();
        await Signals.StatusOf(flags, FlagEvaluatorStatus.Stale);

        var during = flags.GetBooleanDetails("new-checkout", false);
        Assert.True(during.Value, during.ToString());
        Assert.Null(during.ErrorCode);
        Assert.True(during.IsStale);
        Assert.Equal(version, during.Version);
        Assert.Equal("#33d", flags.GetString("banner-color", "x"));

        // A restart during the outage: the new host starts without the cluster and answers from the cache file.
        await using var restarted = await StartClientAsync(key);
        var fromCache = restarted.Flags.GetEvaluator(project, environment);
        await restarted.Flags.WaitForReadyAsync().WaitAsync(Signals.Patience);

        Assert.Equal(FlagEvaluatorStatus.Stale, fromCache.Status);
        var details = fromCache.GetBooleanDetails("new-checkout", false);
        Assert.True(details.Value);
        Assert.True(details.IsStale);
        Assert.Equal(version, details.Version);
    }

    private Task<ClientHost> StartClientAsync(string environmentKey) =>
        ClientHost.StartAsync(_cluster.GatewayPort, _cluster.Cluster.Options.ClusterId, options =>
        {
            options.Environments.Add(environmentKey);
            options.VersionCheckInterval = TimeSpan.FromMilliseconds(200);
            options.CallTimeout = TimeSpan.FromSeconds(1);
            options.SnapshotCacheDirectory = _cacheDirectory;
        });
}
