using FlagGrains.Silo.Apis.Streams;

namespace FlagGrains.Silo.Tests.Apis.Streams;

public sealed class FanOutPlanTests
{
    private static readonly TimeSpan MaxSpread = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(1_000)]
    public void Small_audiences_are_notified_at_once(int connections)
    {
        var plan = FanOutPlan.For(connections, 50_000, MaxSpread);

        Assert.Equal((1, connections, TimeSpan.Zero), (plan.Slices, plan.PerSlice, plan.Spread));
    }

    [Fact]
    public void Large_audiences_are_spread_to_hold_the_refetch_rate()
    {
        var plan = FanOutPlan.For(10_000, 50_000, MaxSpread);

        Assert.Equal(TimeSpan.FromMilliseconds(200), plan.Spread);
        Assert.True(plan.Slices * plan.PerSlice >= 10_000);
        var perSecond = plan.PerSlice / FanOutPlan.SliceInterval.TotalSeconds;
        Assert.InRange(perSecond, 40_000, 50_000);
    }

    [Fact]
    public void The_spread_never_exceeds_its_cap()
    {
        var plan = FanOutPlan.For(5_000_000, 50_000, MaxSpread);

        Assert.Equal(MaxSpread, plan.Spread);
        Assert.True(plan.Slices * plan.PerSlice >= 5_000_000);
    }

    [Fact]
    public void No_connections_no_slices() => Assert.Equal(0, FanOutPlan.For(0, 50_000, MaxSpread).Slices);
}
