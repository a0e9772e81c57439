using FlagGrains.Contracts.Analytics;
using FlagGrains.Contracts.Environments;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Grains.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FlagGrains.Grains.Tests.Analytics;

[Collection(ClusterCollection.Name)]
public sealed class GatewayUsageFlushTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Gateways_on_both_silos_flush_their_counts_to_the_environments_usage_grain_on_their_own()
    {
        var environmentKey = FlagDocuments.NewEnvironmentKey();
        var grains = fixture.SiloServices(0).GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IEnvironmentGrain>(environmentKey).PutFlagSetAsync(FlagDocuments.BooleanFlag("dark-mode", on: true), null, FlagDocuments.Change);
        var context = EvaluationContext.FromValues("user-1", new Dictionary<string, object?>());

        foreach (var (silo, evaluations) in new[] { (0, 3), (1, 4) })
        {
            // What the OFREP handler does with the silo's snapshot, without HTTP.
            var snapshot = (await fixture.Resolver(silo).ResolveAsync(environmentKey))!;
            for (var i = 0; i < evaluations; i++) snapshot.Usage!.Record(0, snapshot.Flags!.Evaluate("dark-mode", context));
        }

        var usage = fixture.Cluster.Client.GetGrain<IFlagUsageGrain>(environmentKey);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        long counted;
        do
        {
            var report = await usage.ReadAsync(DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddHours(1));
            counted = report.Flags.SelectMany(f => f.Hours).Where(h => h.Variant == "on").Sum(h => h.Count);
            if (counted >= 7 || DateTime.UtcNow > deadline) break;
            await Task.Delay(ClusterFixture.UsageFlushInterval);
        }
        while (true);

        Assert.Equal(7, counted);
    }
}
