using FlagGrains.AdminConsole.Workspace;
using FlagGrains.Contracts.Analytics;

namespace FlagGrains.AdminConsole.Tests.Workspace;

public sealed class UsageSeriesTests
{
    private static readonly DateTimeOffset Nine = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_hour_of_the_window_is_present_and_hours_without_counts_are_zero()
    {
        var series = UsageSeries.From([new HourlyVariantCount(Nine.AddHours(1), "on", 5)], Nine.AddMinutes(20), Nine.AddHours(3).AddMinutes(5));

        Assert.Equal([Nine, Nine.AddHours(1), Nine.AddHours(2), Nine.AddHours(3)], series.Hours);
        Assert.Equal([0L, 5, 0, 0], Assert.Single(series.Variants).Counts);
    }

    [Fact]
    public void Variants_are_summed_per_hour_in_name_order_with_no_variant_last_and_hours_outside_are_dropped()
    {
        var series = UsageSeries.From(
        [
            new HourlyVariantCount(Nine, "on", 2), new HourlyVariantCount(Nine, "on", 3), new HourlyVariantCount(Nine, null, 1),
            new HourlyVariantCount(Nine, "off", 7), new HourlyVariantCount(Nine.AddHours(-5), "off", 100),
        ], Nine, Nine.AddMinutes(30));

        Assert.Equal(["off", "on", UsageSeries.NoVariant], series.Variants.Select(v => v.Variant));
        Assert.Equal([7L, 5, 1], series.Variants.Select(v => v.Total));
        Assert.Equal((7L, 13L), (series.Max, series.Total));
    }
}
