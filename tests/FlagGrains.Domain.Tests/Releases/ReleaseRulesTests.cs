using FlagGrains.Domain.Releases;

namespace FlagGrains.Domain.Tests.Releases;

public sealed class ReleaseRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    [Fact]
    public void A_sound_plan_has_no_problems() =>
        Assert.Empty(ReleaseRules.CheckPlan([new(5, TenMinutes), new(25, TimeSpan.FromHours(1)), new(100, null)], Now.AddHours(1), new Guardrail(0.02, 200), Now));

    [Fact]
    public void Empty_steps_are_refused() =>
        Assert.Equal("$.steps", Assert.Single(ReleaseRules.CheckPlan([], null, null, Now)).Path);

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Percentages_outside_1_to_100_are_refused(int percent) =>
        Assert.Equal("$.steps[0].percent", Assert.Single(ReleaseRules.CheckPlan([new(percent, null)], null, null, Now)).Path);

    [Fact]
    public void Percentages_must_increase()
    {
        var problems = ReleaseRules.CheckPlan([new(25, TenMinutes), new(25, TenMinutes), new(10, TenMinutes), new(50, null)], null, null, Now);

        Assert.Equal(["$.steps[1].percent", "$.steps[2].percent"], problems.Select(p => p.Path));
    }

    [Fact]
    public void Every_step_but_the_last_needs_a_hold_within_bounds()
    {
        var problems = ReleaseRules.CheckPlan([new(5, null), new(10, TimeSpan.FromMilliseconds(10)), new(20, TimeSpan.FromDays(91)), new(30, null)], null, null, Now);

        Assert.Equal(["$.steps[0].hold", "$.steps[1].hold", "$.steps[2].hold"], problems.Select(p => p.Path));
    }

    [Fact]
    public void A_start_in_the_past_is_refused()
    {
        var problem = Assert.Single(ReleaseRules.CheckPlan([new(100, null)], Now.AddSeconds(-1), null, Now));

        Assert.Equal("$.startAt", problem.Path);
        Assert.Contains("in the future", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10, "$.guardrails.maxErrorRate")]
    [InlineData(1.5, 10, "$.guardrails.maxErrorRate")]
    [InlineData(0.02, 0, "$.guardrails.minEvaluations")]
    public void Guardrails_out_of_range_are_refused(double rate, long minimum, string path) =>
        Assert.Equal(path, Assert.Single(ReleaseRules.CheckPlan([new(100, null)], null, new Guardrail(rate, minimum), Now)).Path);

    [Fact]
    public void A_guardrail_judges_only_after_enough_evaluations_and_only_above_its_rate()
    {
        var guardrail = new Guardrail(0.02, 200);

        Assert.Null(guardrail.Breach(199, 199));
        Assert.Null(guardrail.Breach(1000, 20));
        Assert.Contains("2.10", guardrail.Breach(1000, 21), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PT10M", 600)]
    [InlineData("PT1H30M", 5400)]
    [InlineData("P2D", 172800)]
    [InlineData("P1W", 604800)]
    [InlineData("PT0.5S", 0.5)]
    [InlineData("P1DT1S", 86401)]
    public void Fixed_length_iso_durations_parse(string text, double seconds)
    {
        Assert.True(IsoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("P1M")]
    [InlineData("P1Y")]
    [InlineData("PT")]
    [InlineData("P")]
    [InlineData("10m")]
    [InlineData("-PT1M")]
    [InlineData("P1DT")]
    public void Calendar_and_malformed_durations_are_refused(string text) => Assert.False(IsoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(600, "PT10M")]
    [InlineData(5400, "PT1H30M")]
    [InlineData(86401, "P1DT1S")]
    public void Durations_format_back_to_iso(double seconds, string text) => Assert.Equal(text, IsoDuration.Format(TimeSpan.FromSeconds(seconds)));
}
