using FlagGrains.Contracts.Environments;
using FlagGrains.Contracts.Gateways;
using FlagGrains.Grains.Tests.TestSupport;
using FlagGrains.Serving.Snapshots;
using FlagGrains.Testing;
using Orleans.Runtime;

namespace FlagGrains.Grains.Tests.Gateways;

/// <summary>
/// A first request on a silo can meet a cluster in flux: the pub-sub store refusing a subscription's write, a pull
/// reaching a silo that is being evicted. Such failures pass in a moment, and the request they met must not be a 503.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayActivationFailureTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_gateway_whose_subscription_fails_serves_at_once_and_subscribes_again_at_its_next_check()
    {
        var environmentKey = FlagDocuments.NewEnvironmentKey();
        var writer = fixture.Cluster.Client.GetGrain<IEnvironmentGrain>(environmentKey);
        await writer.PutFlagSetAsync(FlagDocuments.BooleanFlag("f", on: false), null, FlagDocuments.Change);

        ServingSnapshot? served;
        using (FaultyStorage.FailWrites(stateName: null, keyPart: environmentKey))
        {
            served = await fixture.Resolver(1).ResolveAsync(environmentKey);
        }

        Assert.Equal(1, served!.Version);

        // Only the stream can bring a bump now, so a delivery proves the subscription was made again.
        BumpMuter.MuteDirect(environmentKey);
        await Poll.UntilAsync("a bump reaches silo B's gateway through its stream", Patience, TimeSpan.FromMilliseconds(50), async () =>
        {
            var version = (await fixture.Resolver(1).ResolveAsync(environmentKey))!.Version;
            await writer.PutFlagSetAsync(FlagDocuments.BooleanFlag("f", on: version % 2 == 0), version, FlagDocuments.Change);
            return BumpMuter.StreamDeliveriesOf(environmentKey) > 0;
        });
    }

    [Fact]
    public async Task A_first_request_whose_pull_meets_a_transient_cluster_failure_is_served_after_it_passes()
    {
        var environmentKey = await EnvironmentWhosePullsFailAsync(times: 2,
            () => new SiloUnavailableException("The silo holding the environment is being evicted (injected)."));

        var served = await fixture.Resolver(1).ResolveAsync(environmentKey);

        Assert.Equal(1, served!.Version);
    }

    [Fact]
    public async Task A_first_request_whose_pull_fails_for_a_bug_is_not_retried()
    {
        var environmentKey = await EnvironmentWhosePullsFailAsync(times: 1, () => new InvalidOperationException("A bug, not the cluster (injected)."));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await fixture.Resolver(1).ResolveAsync(environmentKey));

        // The next request starts a new activation and is served.
        Assert.Equal(1, (await fixture.Resolver(1).ResolveAsync(environmentKey))!.Version);
    }

    [Fact]
    public async Task A_key_recheck_whose_version_check_meets_a_transient_cluster_failure_catches_up_after_it_passes()
    {
        var environmentKey = FlagDocuments.NewEnvironmentKey();
        var writer = fixture.Cluster.Client.GetGrain<IEnvironmentGrain>(environmentKey);
        await writer.PutFlagSetAsync(FlagDocuments.BooleanFlag("f", on: false), null, FlagDocuments.Change);
        var held = (await fixture.Resolver(1).ResolveAsync(environmentKey))!;
        BumpMuter.Mute(environmentKey);
        await writer.PutFlagSetAsync(FlagDocuments.BooleanFlag("f", on: true), 1, FlagDocuments.Change);
        CallFaults.FailNext(nameof(IGatewayGrain.CatchUpAsync), environmentKey, times: 1,
            () => new SiloUnavailableException("The directory does not know this silo yet (injected)."));

        var rechecked = await fixture.Resolver(1).RecheckAsync(held);

        Assert.Equal(2, rechecked.Version);
    }

    /// <summary>A new environment at version 1 whose next <paramref name="times"/> snapshot pulls throw.</summary>
    private async Task<string> EnvironmentWhosePullsFailAsync(int times, Func<Exception> exception)
    {
        var environmentKey = FlagDocuments.NewEnvironmentKey();
        await fixture.Cluster.Client.GetGrain<IEnvironmentGrain>(environmentKey)
            .PutFlagSetAsync(FlagDocuments.BooleanFlag("f", on: true), null, FlagDocuments.Change);
        CallFaults.FailNext(nameof(IEnvironmentGrain.GetSnapshotAsync), environmentKey, times, exception);
        return environmentKey;
    }
}
