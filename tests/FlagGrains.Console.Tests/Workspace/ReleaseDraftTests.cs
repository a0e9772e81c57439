using FlagGrains.AdminConsole.Workspace;
using FlagGrains.Contracts.Environments;

namespace FlagGrains.AdminConsole.Tests.Workspace;

public sealed class ReleaseDraftTests
{
    [Fact]
    public void The_form_becomes_a_definition_with_holds_in_their_units_and_the_rate_as_a_share()
    {
        var draft = new ReleaseDraft
        {
            Flag = "checkout",
            Variant = "on",
            Baseline = "off",
            Steps = [new() { Percent = 10, HoldAmount = 30, HoldUnit = HoldUnit.Seconds }, new() { Percent = 50, HoldAmount = 2, HoldUnit = HoldUnit.Days }, new() { Percent = 100 }],
            StartLater = true,
            StartAtUtc = new DateTime(2026, 7, 1, 9, 30, 0),
            MaxErrorRatePercent = 1.5,
            MinEvaluations = 500,
        };

        var definition = draft.ToDefinition("shop/prod");

        Assert.Equal([(10, TimeSpan.FromSeconds(30)), (50, TimeSpan.FromDays(2)), (100, (TimeSpan?)null)], definition.Steps.Select(s => (s.Percent, s.Hold)));
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 9, 30, 0, TimeSpan.Zero), definition.StartAt);
        Assert.Equal((0.015, 500L), (definition.Guardrails!.MaxErrorRate, definition.Guardrails.MinEvaluations));
    }

    [Fact]
    public void A_release_started_now_without_guardrails_has_neither()
    {
        var definition = new ReleaseDraft { Flag = "f", Variant = "a", Baseline = "b", Guarded = false }.ToDefinition("shop/prod");

        Assert.Null(definition.StartAt);
        Assert.Null(definition.Guardrails);
    }

    [Theory]
    [InlineData("$.steps[1].percent", "Step 2, percent: no")]
    [InlineData("$.steps", "steps: no")]
    [InlineData("$.guardrails.maxErrorRate", "guardrails.maxErrorRate: no")]
    public void Problems_name_the_field_in_words(string path, string text) => Assert.Equal(text, ReleaseText.Describe(new FlagSetProblem(path, "no")));
}
