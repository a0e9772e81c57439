using FlagGrains.Domain.Evaluation;
using Xunit.Abstractions;

namespace FlagGrains.Domain.Tests.Evaluation;

/// <summary>
/// The hot path must not allocate: boolean and string flags, static or targeted, including a 50/50
/// fractional split over the targeting key or over
/// cat($flagd.flagKey, attribute), flagd's recommended bucketing key. Measured per thread after warm-up.
/// </summary>
public sealed class AllocationTests(ITestOutputHelper output)
{
    private const int Iterations = 20_000;

    private static readonly CompiledFlagSet FlagSet = FlagSetBuilder.Compile("""
        {
          "flags": {
            "static-bool": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off" },
            "split-bool": { "state": "ENABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off",
              "targeting": { "fractional": [ ["on", 50], ["off", 50] ] } },
            "keyed-split": { "state": "ENABLED", "variants": { "a": "A", "b": "B" }, "defaultVariant": "a",
              "targeting": { "fractional": [ { "cat": [ { "var": "$flagd.flagKey" }, { "var": "email" } ] }, ["a", 1], ["b", 3] ] } },
            "rules-string": { "state": "ENABLED", "variants": { "red": "#f00", "blue": "#00f", "none": "" }, "defaultVariant": "none",
              "targeting": { "if": [
                { "and": [ { "in": [ { "var": "country" }, ["NL", "BE", "DE", "FR", "ES", "IT", "PT", "AT", "CH", "PL"] ] },
                           { "sem_ver": [ { "var": "appVersion" }, ">=", "2.1.0" ] },
                           { "ends_with": [ { "var": "email" }, "@example.com" ] } ] },
                "red",
                { ">": [ { "var": "age" }, 17 ] }, "blue",
                null ] } },
            "disabled": { "state": "DISABLED", "variants": { "on": true }, "defaultVariant": "on" }
          },
          "metadata": { "flagSetId": "alloc" }
        }
        """);

    private static readonly EvaluationContext Context = FlagSetBuilder.Context(
        "user-42",
        ("email", "jane@example.com"),
        ("country", "NL"),
        ("appVersion", "2.4.1"),
        ("age", 30));

    [Theory]
    [InlineData("static-bool")]
    [InlineData("split-bool")]
    [InlineData("rules-string")]
    [InlineData("keyed-split")]
    [InlineData("disabled")]
    [InlineData("missing-flag")]
    public void Single_evaluation_allocates_nothing(string flagKey)
    {
        var bytes = AllocatedPerEvaluation(flagKey);

        output.WriteLine($"{flagKey}: {bytes} bytes per evaluation");
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Results_are_as_expected_while_measuring()
    {
        Assert.Equal("red", FlagSet.Evaluate("rules-string", Context).Variant);
        Assert.Equal(Reasons.TargetingMatch, FlagSet.Evaluate("split-bool", Context).Reason);
        Assert.Equal(Reasons.TargetingMatch, FlagSet.Evaluate("keyed-split", Context).Reason);
        Assert.Equal(Reasons.Static, FlagSet.Evaluate("static-bool", Context).Reason);
    }

    private static long AllocatedPerEvaluation(string flagKey)
    {
        for (var i = 0; i < 1_000; i++)
        {
            FlagSet.Evaluate(flagKey, Context);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            FlagSet.Evaluate(flagKey, Context);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Iterations;
    }
}
