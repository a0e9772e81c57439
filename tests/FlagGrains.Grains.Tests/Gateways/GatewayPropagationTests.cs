using System.Diagnostics;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Grains.Gateways;
using FlagGrains.Grains.Tests.TestSupport;
using FlagGrains.Serving.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FlagGrains.Grains.Tests.Gateways;

[Collection(ClusterCollection.Name)]
public sealed class GatewayPropagationTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Write_through_silo_A_is_served_by_silo_B_gateway()
    {
        var environmentKey = FlagDocuments.NewEnvironmentKey();
        var writerOnA = fixture.SiloServices(0).GetRequiredService<IGrainFactory>().GetGrain<IEnvironmentGrain>(environmentKey);
        var registryB = fixture.Registry(1);

        Assert.Equal(FlagSetWriteStatus.Stored, (await writerOnA.PutFlagSetAsync(FlagDocuments.BooleanFlag("dark-mode", on: false), null, FlagDocuments.Change)).Status);
        var warm = (await fixture.Resolver(1).ResolveAsync(environmentKey))!;
        Assert.Equal(1, warm.Version);

        var served = WaitForVersionAsync(registryB, environmentKey, 2);
        var clock = Stopwatch.StartNew();
        var write = await writerOnA.PutFlagSetAsync(FlagDocuments.BooleanFlag("dark-mode", on: true), expectedVersion: 1, FlagDocuments.Change);
        var acknowledged = clock.Elapsed;
        var snapshot = await served.WaitAsync(Patience);
        var propagated = clock.Elapsed;

        Assert.Equal(2, write.Version);
        var result = snapshot.Flags!.Evaluate("dark-mode", EvaluationContext.FromValues("user-1", new Dictionary<string, object?>()));
        Assert.Equal("on", result.Variant);
        output.WriteLine($"write acknowledged after {acknowledged.TotalMilliseconds:F1} ms; silo B served v2 {(propagated - acknowledged).TotalMilliseconds:F1} ms after the acknowledgement");
    }

    [Fact]
    public async Task Repeated_writes_reach_silo_B_in_order()
    {
        var environmentKey = FlagDocuments.NewEnvironmentKey();
        var writer = fixture.SiloServices(0).GetRequiredService<IGrainFactory>().GetGrain<IEnvironmentGrain>(environmentKey);
        var registryB = fixture.Registry(1);
        await writer.PutFlagSetAsync(FlagDocuments.BooleanFlag("f", on: false), null, FlagDocuments.Change);
        await fixture.Resolver(1).ResolveAsync(environmentKey);

        var delays = new List<double>();
        for (var version = 2; version <= 21; version++)
        {
            var served = WaitForVersionAsync(registryB, environmentKey, version);
            var acknowledged = Stopwatch.StartNew();
            await writer.PutFlagSetAsync(FlagDocuments.BooleanFlag("f", on: version % 2 == 0), version - 1, FlagDocuments.Change);
            acknowledged.Restart();
            var snapshot = await served.WaitAsync(Patience);
            delays.Add(acknowledged.Elapsed.TotalMilliseconds);
            Assert.Equal(version, snapshot.Version);
        }

        delays.Sort();
        output.WriteLine($"bump-to-served on silo B over {delays.Count} writes: p50 {delays[delays.Count / 2]:F1} ms, max {delays[^1]:F1} ms");
    }

    [Fact]
    public async Task A_write_notifies_every_serving_gateway_directly_without_the_stream()
    {
        var environmentKey = FlagDocuments.NewEnvironmentKey();
        var writer = fixture.Cluster.Client.GetGrain<IEnvironmentGrain>(environmentKey);
        await writer.PutFlagSetAsync(FlagDocuments.BooleanFlag("f", on: false), null, FlagDocuments.Change);
        await fixture.Resolver(1).ResolveAsync(environmentKey);
        BumpMuter.MuteStream(environmentKey);

        var served = WaitForVersionAsync(fixture.Registry(1), environmentKey, 2);
        await writer.PutFlagSetAsync(FlagDocuments.BooleanFlag("f", on: true), 1, FlagDocuments.Change);

        Assert.Equal(2, (await served.WaitAsync(Patience)).Version);
        Assert.Equal(1, BumpMuter.NotificationsOf(environmentKey));
    }

    [Fact]
    public async Task Periodic_version_check_repairs_a_lost_bump()
    {
        var (served, _) = await WriteWithMutedBumpAsync();

        // Every bump of this environment is dropped, so only the version check can have brought version 2.
        Assert.Equal(2, (await served.WaitAsync(Patience)).Version);
    }

    [Fact]
    [Trait("Category", "Slo")]
    public async Task Periodic_version_check_repairs_a_lost_bump_within_a_few_intervals()
    {
        var (served, clock) = await WriteWithMutedBumpAsync();

        await served.WaitAsync(Patience);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, ClusterFixture.VersionCheckInterval * 4);
        output.WriteLine($"without its bump, silo B caught up after {clock.Elapsed.TotalMilliseconds:F0} ms (check interval {ClusterFixture.VersionCheckInterval.TotalMilliseconds} ms)");
    }

    /// <summary>Writes version 2 with its bump muted; returns silo B's wait for it and a clock started at the write.</summary>
    private async Task<(Task<ServingSnapshot> Served, Stopwatch Clock)> WriteWithMutedBumpAsync()
    {
        var environmentKey = FlagDocuments.NewEnvironmentKey();
        var writer = fixture.Cluster.Client.GetGrain<IEnvironmentGrain>(environmentKey);
        await writer.PutFlagSetAsync(FlagDocuments.BooleanFlag("f", on: false), null, FlagDocuments.Change);
        var registryB = fixture.Registry(1);
        await fixture.Resolver(1).ResolveAsync(environmentKey);
        BumpMuter.Mute(environmentKey);

        var served = WaitForVersionAsync(registryB, environmentKey, 2);
        var clock = Stopwatch.StartNew();
        await writer.PutFlagSetAsync(FlagDocuments.BooleanFlag("f", on: true), 1, FlagDocuments.Change);
        return (served, clock);
    }

    [Fact]
    public async Task Silo_B_hot_path_makes_no_grain_call()
    {
        var environmentKey = FlagDocuments.NewEnvironmentKey();
        await fixture.Cluster.Client.GetGrain<IEnvironmentGrain>(environmentKey).PutFlagSetAsync(FlagDocuments.Rollout, null, FlagDocuments.Change);
        var registryB = fixture.Registry(1);
        await fixture.Resolver(1).ResolveAsync(environmentKey);

        int on = 0;
        using (HotPathCallProbe.Observe())
        {
            for (var user = 0; user < 1_000; user++)
            {
                var snapshot = (await fixture.Resolver(1).ResolveAsync(environmentKey))!;
                var result = snapshot.Flags!.Evaluate("new-checkout", EvaluationContext.FromValues($"user-{user}", new Dictionary<string, object?>()));
                if (result.Variant == "on") on++;
            }

            Assert.Equal(0, HotPathCallProbe.Calls);
        }

        // A 50/50 rollout over 1,000 users lands near the middle; a broken bucketing would give 0 or 1,000.
        Assert.InRange(on, 400, 600);
    }

    [Fact]
    public async Task Each_silo_has_its_own_gateway_for_the_same_environment()
    {
        var environmentKey = FlagDocuments.NewEnvironmentKey();
        await fixture.Cluster.Client.GetGrain<IEnvironmentGrain>(environmentKey).PutFlagSetAsync(FlagDocuments.Rollout, null, FlagDocuments.Change);

        var onA = await fixture.Resolver(0).ResolveAsync(environmentKey);
        var onB = await fixture.Resolver(1).ResolveAsync(environmentKey);

        Assert.NotSame(onA, onB);
        Assert.NotEqual(fixture.SiloIdentity(0), fixture.SiloIdentity(1));
        Assert.Equal(onA!.Version, onB!.Version);
    }

    private static Task<ServingSnapshot> WaitForVersionAsync(SnapshotRegistry registry, string environmentKey, long version)
    {
        var published = new TaskCompletionSource<ServingSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnPublished(ServingSnapshot snapshot)
        {
            if (snapshot.EnvironmentKey == environmentKey && snapshot.Version >= version && published.TrySetResult(snapshot))
                registry.Published -= OnPublished;
        }

        registry.Published += OnPublished;
        if (registry.TryGet(environmentKey, out var current) && current.Version >= version) OnPublished(current);
        return published.Task;
    }
}
