using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Tests.Evaluation;

namespace FlagGrains.Domain.Tests.Operators;

/// <summary>
/// fractional sees evaluated arguments, as in flagd (Go) and flagd-core: every bucket is checked before one
/// is chosen, and a bucketing expression that yields an array is a bucket. Found by the differential test.
/// </summary>
public sealed class FractionalNodeTests
{
    // From the test bed's fractional-nested-var-flag: "user1" lands in the second bucket ("blue").
    private const string NestedVar = """{"fractional": [{"var": "targetingKey"}, [{"var": "color"}, 50], ["blue", 50]]}""";

    [Fact]
    public void A_bucket_whose_variant_is_not_a_name_fails_the_split_even_when_another_bucket_is_chosen()
    {
        var flags = FlagSetBuilder.SingleFlag("""{"red": "r", "blue": "b", "fallback": "f"}""", NestedVar, "\"fallback\"");

        Assert.Equal("blue", flags.Evaluate("f", FlagSetBuilder.Context("user1", ("color", "red"))).Variant);
        foreach (var color in new object?[] { new List<object?> { "red" }, new Dictionary<string, object?>() })
        {
            var result = flags.Evaluate("f", FlagSetBuilder.Context("user1", ("color", color)));
            Assert.Equal(("fallback", Reasons.Default), (result.Variant, result.Reason));
        }
    }

    [Fact]
    public void A_bucketing_expression_that_yields_an_array_is_a_leading_bucket_on_the_targeting_key()
    {
        var flags = FlagSetBuilder.SingleFlag("""{"a": "a", "b": "b", "d": "d"}""", """{"fractional": [{"var": "k"}, ["a", 0]]}""", "\"d\"");

        Assert.Equal("b", flags.Evaluate("f", FlagSetBuilder.Context("user-1", ("k", new List<object?> { "b" }))).Variant);
        Assert.Equal("b", flags.Evaluate("f", FlagSetBuilder.Context("user-1", ("k", new List<object?> { "b", 3 }))).Variant);
        Assert.Equal(Reasons.TargetingMatch, flags.Evaluate("f", FlagSetBuilder.Context("user-1", ("k", new List<object?> { "b" }))).Reason);
        Assert.Equal(Reasons.Default, flags.Evaluate("f", FlagSetBuilder.Context(null, ("k", new List<object?> { "b" }))).Reason);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""["b", 1.5]""")]
    [InlineData("""["b", "1"]""")]
    [InlineData("""["b", 1, 2]""")]
    [InlineData("""[["b"]]""")]
    [InlineData("""[{"x": 1}]""")]
    public void An_array_that_is_not_a_valid_bucket_yields_the_default(string bucket)
    {
        var flags = FlagSetBuilder.SingleFlag("""{"a": "a", "b": "b", "d": "d"}""", $$"""{"fractional": [{"var": "k"}, ["a", 1]]}""", "\"d\"");
        using var document = System.Text.Json.JsonDocument.Parse($$"""{"targetingKey": "user-1", "k": {{bucket}}}""");

        var result = flags.Evaluate("f", EvaluationContext.FromJson(document.RootElement));

        Assert.Equal(("d", Reasons.Default), (result.Variant, result.Reason));
    }

    [Fact]
    public void An_infinite_computed_weight_is_not_an_integer()
    {
        var flags = FlagSetBuilder.SingleFlag("""{"a": "a", "b": "b", "d": "d"}""", """{"fractional": [["a", {"*": [-1e308, 10]}], ["b", 1]]}""", "\"d\"");

        Assert.Equal(Reasons.Default, flags.Evaluate("f", FlagSetBuilder.Context("user-1")).Reason);
    }
}
