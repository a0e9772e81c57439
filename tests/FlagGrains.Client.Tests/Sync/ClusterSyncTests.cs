using FlagGrains.Client.Evaluation;
using FlagGrains.Client.Tests.TestSupport;
using FlagGrains.Domain.Evaluation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlagGrains.Client.Tests.Sync;

[Collection(ClientClusterCollection.Name)]
public sealed class ClusterSyncTests(ClientClusterFixture cluster)
{
    /// <summary>Long enough that within a test only a version bump can deliver a change.</summary>
    private static readonly TimeSpan NoPeriodicCheck = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_change_written_through_the_environment_grain_reaches_the_client_by_its_version_bump()
    {
        var (project, environment, key) = Flags.NewEnvironment();
        await cluster.PutAsync(key, Flags.Checkout(on: false));
        await using var client = await StartClientAsync(key, NoPeriodicCheck);
        var flags = client.Flags.GetEvaluator(project, environment);
        await flags.WaitForReadyAsync().WaitAsync(Signals.Patience);
        Assert.False(flags.GetBoolean("new-checkout", true));
        Assert.Equal(FlagEvaluatorStatus.Ready, flags.Status);

        // The first snapshot is pulled right after subscribing, so the subscription exists before this write.
        var changed = Signals.ChangeTo(flags, 2);
        var version = await cluster.PutAsync(key, Flags.Checkout(on: true));
        var change = await changed;

        Assert.Equal(2, version);
        Assert.Equal(["new-checkout"], change.ChangedFlagKeys);
        Assert.True(flags.GetBoolean("new-checkout", false));
        Assert.Equal(2, flags.GetBooleanDetails("new-checkout", false).Version);
    }

    [Fact]
    public async Task A_lost_version_bump_is_repaired_by_the_periodic_version_check()
    {
        var (project, environment, key) = Flags.NewEnvironment();
        await cluster.PutAsync(key, Flags.Checkout(on: false));
        var dropper = new BumpDropper();
        await using var client = await StartClientAsync(key, TimeSpan.FromMilliseconds(200), services =>
            services.AddOrleansClient(orleans => orleans.AddIncomingGrainCallFilter(dropper)));
        var flags = client.Flags.GetEvaluator(project, environment);
        await flags.WaitForReadyAsync().WaitAsync(Signals.Patience);

        var changed = Signals.ChangeTo(flags, 2);
        await cluster.PutAsync(key, Flags.Checkout(on: true));
        await dropper.FirstDrop;
        await changed;

        Assert.True(flags.GetBoolean("new-checkout", false));
    }

    [Fact]
    public async Task After_a_partition_heals_the_client_catches_up_and_is_ready_again()
    {
        var (project, environment, key) = Flags.NewEnvironment();
        await cluster.PutAsync(key, Flags.Checkout(on: false));
        var partition = new Partition();
        await using var client = await StartClientAsync(key, TimeSpan.FromMilliseconds(200), services =>
            services.AddOrleansClient(orleans => orleans.AddOutgoingGrainCallFilter(partition).AddIncomingGrainCallFilter(partition)));
        var flags = client.Flags.GetEvaluator(project, environment);
        await flags.WaitForReadyAsync().WaitAsync(Signals.Patience);

        partition.Active = true;
        await Signals.StatusOf(flags, FlagEvaluatorStatus.Stale);
        await cluster.PutAsync(key, Flags.Checkout(on: true));
        var whilePartitioned = flags.GetBooleanDetails("new-checkout", true);

        var caughtUp = Signals.ChangeTo(flags, 2);
        var ready = Signals.StatusOf(flags, FlagEvaluatorStatus.Ready);
        partition.Active = false;
        await caughtUp;
        await ready;

        Assert.Equal((false, true, 1L), (whilePartitioned.Value, whilePartitioned.IsStale, whilePartitioned.Version));
        Assert.True(flags.GetBoolean("new-checkout", false));
        Assert.False(flags.GetBooleanDetails("new-checkout", false).IsStale);
    }

    [Fact]
    public async Task A_deleted_environment_answers_defaults_with_FLAG_NOT_FOUND()
    {
        var (project, environment, key) = Flags.NewEnvironment();
        await cluster.PutAsync(key, Flags.Checkout(on: true));
        await using var client = await StartClientAsync(key, NoPeriodicCheck);
        var flags = client.Flags.GetEvaluator(project, environment);
        await flags.WaitForReadyAsync().WaitAsync(Signals.Patience);

        var changed = Signals.ChangeTo(flags, 2);
        Assert.True(await cluster.Environment(key).DeleteAsync(Flags.Change));
        var change = await changed;

        Assert.Contains("new-checkout", change.ChangedFlagKeys);
        var details = flags.GetBooleanDetails("new-checkout", false);
        Assert.Equal((false, ErrorCodes.FlagNotFound), (details.Value, details.ErrorCode));
    }

    [Fact]
    public async Task Evaluations_make_no_grain_calls()
    {
        var (project, environment, key) = Flags.NewEnvironment();
        await cluster.PutAsync(key, Flags.Checkout(on: true));
        var calls = new CallCounter();
        await using var client = await StartClientAsync(key, NoPeriodicCheck, services =>
            services.AddOrleansClient(orleans => orleans.AddOutgoingGrainCallFilter(calls)));
        var flags = client.Flags.GetEvaluator(project, environment);
        await flags.WaitForReadyAsync().WaitAsync(Signals.Patience);

        var before = calls.Count;
        for (var i = 0; i < 1_000; i++) Assert.True(flags.GetBoolean("new-checkout", false));

        Assert.True(before > 0, "The counter saw the client's own sync calls, so it does observe this client.");
        Assert.Equal(before, calls.Count);
    }

    private Task<ClientHost> StartClientAsync(string environmentKey, TimeSpan versionCheck, Action<IServiceCollection>? services = null) =>
        ClientHost.StartAsync(cluster.GatewayPort, cluster.Cluster.Options.ClusterId, options =>
        {
            options.Environments.Add(environmentKey);
            options.VersionCheckInterval = versionCheck;
        }, services);

    private sealed class CallCounter : IOutgoingGrainCallFilter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task Invoke(IOutgoingGrainCallContext context)
        {
            Interlocked.Increment(ref _count);
            return context.Invoke();
        }
    }
}
