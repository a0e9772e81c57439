using FlagGrains.Contracts.Analytics;
using FlagGrains.Grains.Tests.TestSupport;

namespace FlagGrains.Grains.Tests.Analytics;

[Collection(ClusterCollection.Name)]
public sealed class FlagUsageGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset ThisHour = Hour(DateTimeOffset.UtcNow);

    private static DateTimeOffset Hour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);

    private static string NewEnvironment() => $"usage-{Guid.NewGuid():N}"[..20] + "/prod";

    private IFlagUsageGrain Grain(string environment) => fixture.Cluster.Client.GetGrain<IFlagUsageGrain>(environment);

    private static UsageBatch Batch(params UsageCount[] counts) => new(Guid.NewGuid().ToString("N"), counts);

    private static UsageCount Count(string flag, string? variant, DateTimeOffset hour, long count) => new(flag, variant, hour, count, hour.AddMinutes(30));

    [Fact]
    public async Task Counts_add_up_per_flag_variant_and_hour()
    {
        var environment = NewEnvironment();
        var earlier = ThisHour.AddHours(-30);
        await Grain(environment).RecordAsync(Batch(Count("dark", "on", ThisHour, 3), Count("dark", "off", ThisHour, 1), Count("dark", "on", earlier, 7)));
        await Grain(environment).RecordAsync(Batch(Count("dark", "on", ThisHour, 2), Count("gone", null, ThisHour, 4)));

        var report = await Grain(environment).ReadAsync(earlier, ThisHour.AddHours(1));

        var dark = Assert.Single(report.Flags, f => f.FlagKey == "dark");
        Assert.Equal(
            [new HourlyVariantCount(earlier, "on", 7), new HourlyVariantCount(ThisHour, "off", 1), new HourlyVariantCount(ThisHour, "on", 5)],
            dark.Hours);
        Assert.Equal(ThisHour.AddMinutes(30), dark.LastEvaluated);
        Assert.Equal([new HourlyVariantCount(ThisHour, null, 4)], Assert.Single(report.Flags, f => f.FlagKey == "gone").Hours);
    }

    [Fact]
    public async Task A_window_returns_only_its_hours()
    {
        var environment = NewEnvironment();
        await Grain(environment).RecordAsync(Batch(Count("f", "a", ThisHour.AddHours(-2), 1), Count("f", "a", ThisHour, 1)));

        var report = await Grain(environment).ReadAsync(ThisHour.AddHours(-1), ThisHour.AddHours(1));

        Assert.Equal([new HourlyVariantCount(ThisHour, "a", 1)], Assert.Single(report.Flags).Hours);
    }

    [Fact]
    public async Task A_batch_delivered_twice_counts_once()
    {
        var environment = NewEnvironment();
        var batch = Batch(Count("f", "a", ThisHour, 10));
        await Grain(environment).RecordAsync(batch);
        await Grain(environment).RecordAsync(batch);
        await Grain(environment).RecordAsync(batch with { Counts = batch.Counts.ToList() });

        var report = await Grain(environment).ReadAsync(ThisHour, ThisHour.AddHours(1));

        Assert.Equal(10, Assert.Single(Assert.Single(report.Flags).Hours).Count);
    }

    [Fact]
    public async Task Hours_older_than_the_retention_are_not_kept()
    {
        var environment = NewEnvironment();
        var old = ThisHour.AddDays(-40);
        await Grain(environment).RecordAsync(new UsageBatch("old", [new UsageCount("f", "a", old, 5, old)]));

        var report = await Grain(environment).ReadAsync(old.AddDays(-1), ThisHour.AddHours(1));

        Assert.Empty(report.Flags);
    }
}
