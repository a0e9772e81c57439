using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Domain.Tests.Evaluation;

/// <summary>
/// Variant resolution: rule literals naming a variant share its string instance (a reference check), and
/// names built at evaluation time (cat, var, booleans, numbers) still resolve by value.
/// </summary>
public sealed class CompiledFlagTests
{
    [Theory]
    [InlineData("""{"if": [{"var": "x"}, "on", "off"]}""", "on")]
    [InlineData("""{"cat": ["o", {"var": "rest"}]}""", "on")]
    [InlineData("""{"var": "name"}""", "on")]
    [InlineData("""{"fractional": [["on", 1], ["off", 0]]}""", "on")]
    [InlineData("""{"==": [1, 1]}""", "true")]
    [InlineData("""{"+": [1, 1]}""", "2")]
    public void Literal_and_computed_variant_names_resolve_to_the_same_variant(string targeting, string expected)
    {
        var flags = FlagSetBuilder.SingleFlag("""{"on": "ON", "off": "OFF", "true": "T", "false": "F", "2": "two"}""", targeting);

        var result = flags.Evaluate("f", FlagSetBuilder.Context("user-1", ("x", true), ("rest", "n"), ("name", "on")));

        Assert.Equal((expected, Reasons.TargetingMatch), (result.Variant, result.Reason));
    }

    [Fact]
    public void Names_are_resolved_by_value_beyond_the_reference_scan()
    {
        var variants = "{" + string.Join(", ", Enumerable.Range(0, 20).Select(i => $"\"v{i}\": {i}")) + "}";
        var flags = FlagSetBuilder.SingleFlag(variants, """{"if": [{"var": "x"}, "v17", {"cat": ["v", 3]}]}""");

        Assert.Equal("v17", flags.Evaluate("f", FlagSetBuilder.Context("u", ("x", true))).Variant);
        Assert.Equal("v3", flags.Evaluate("f", FlagSetBuilder.Context("u", ("x", false))).Variant);
    }
}
