using System.Text;
using System.Text.Json;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.JsonLogic;
using FlagGrains.Domain.Model;

namespace FlagGrains.Domain.Tests.Evaluation;

/// <summary>Nothing a caller or an author sends may throw out of Parse or Evaluate.</summary>
public sealed class HostileInputTests
{
    [Fact]
    public void Documents_nested_beyond_the_limit_are_rejected_not_thrown()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        var json = """{"flags": {"f": {"state": "ENABLED", "variants": {"a": true}, "targeting": {"if": """ + deep + "}}}}";

        var result = FlagSetDocument.Parse(json);

        Assert.False(result.IsValid);
        Assert.Contains("depth", Assert.Single(result.Errors).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rules_nested_to_the_limit_still_evaluate()
    {
        var rule = new StringBuilder("true");
        for (var i = 0; i < 29; i++)
        {
            rule.Insert(0, "{\"!!\": [").Append("]}");
        }

        var flags = FlagSetBuilder.SingleFlag("""{"true": 1, "false": 0}""", rule.ToString());

        Assert.Equal("true", flags.Evaluate("f", EvaluationContext.Empty).Variant);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"flags\": {\"f\": ")]
    [InlineData("\u0000\u0001")]
    [InlineData("{\"flags\": {}} trailing")]
    [InlineData("{\"flags\": {},}")]
    [InlineData("/* comment */ {\"flags\": {}}")]
    [InlineData("{\"flags\": {\"f\": {\"state\": \"ENABLED\", \"variants\": {\"a\": 1e400}}}}")]
    public void Garbage_documents_are_rejected(string json) =>
        Assert.False(FlagSetDocument.Parse(json).IsValid);

    [Fact]
    public void Huge_targeting_keys_bucket_without_throwing()
    {
        var flags = FlagSetBuilder.SingleFlag("""{"a": 1, "b": 2}""", """{"fractional": [["a", 1], ["b", 1]]}""");
        var key = new string('k', 2_000_000);

        var first = flags.Evaluate("f", FlagSetBuilder.Context(key));
        var second = flags.Evaluate("f", FlagSetBuilder.Context(key));

        Assert.Equal(Reasons.TargetingMatch, first.Reason);
        Assert.Equal(first.Variant, second.Variant);
    }

    [Theory]
    [InlineData("30", "adult")]
    [InlineData(" 30 ", "adult")]
    [InlineData("0x20", "adult")]
    [InlineData("12", "minor")]
    [InlineData("twelve", "minor")]
    [InlineData("", "minor")]
    public void Numbers_sent_as_strings_compare_like_javascript(string age, string expected)
    {
        var flags = FlagSetBuilder.SingleFlag("""{"adult": true, "minor": false}""", """{"if": [{">=": [{"var": "age"}, 18]}, "adult", "minor"]}""");

        Assert.Equal(expected, flags.Evaluate("f", FlagSetBuilder.Context("u", ("age", age))).Variant);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.MaxValue)]
    [InlineData(-0.0)]
    public void Non_finite_and_extreme_numbers_have_defined_results(double value)
    {
        var flags = FlagSetBuilder.SingleFlag(
            """{"x": "x", "y": "y"}""",
            """{"if": [{"or": [{">": [{"var": "n"}, 1]}, {"==": [{"%": [{"var": "n"}, 0]}, {"var": "n"}]}, {"sem_ver": [{"var": "n"}, ">", "1.0.0"]}, {"fractional": [{"cat": [{"var": "n"}]}, ["x", {"var": "n"}]]}]}, "x", "y"]}""");

        var result = flags.Evaluate("f", FlagSetBuilder.Context("u", ("n", value)));

        Assert.NotNull(result.Variant);
    }

    [Fact]
    public void Wrong_types_everywhere_yield_defined_results()
    {
        var rules = new[]
        {
            """{"substr": [{"var": "obj"}, {"var": "list"}, {"var": "flag"}]}""",
            """{"in": [{"var": "obj"}, {"var": "n"}]}""",
            """{"sem_ver": [{"var": "obj"}, {"var": "list"}, {"var": "flag"}]}""",
            """{"starts_with": [{"var": "list"}, {"var": "obj"}]}""",
            """{"fractional": [{"var": "list"}, [{"var": "obj"}, {"var": "text"}]]}""",
            """{"fractional": [["a", {"var": "text"}], ["b", 1.5]]}""",
            """{"min": [{"var": "text"}, {"var": "obj"}]}""",
            """{"cat": [{"var": "list"}, {"var": "obj"}, {"var": "none"}, 1e21, 0.0000001]}""",
            """{"map": [{"var": "text"}, {"var": ""}]}""",
            """{"reduce": [{"var": "list"}, {"+": [{"var": "current"}, {"var": "accumulator"}]}, {"var": "obj"}]}""",
            """{"missing_some": [{"var": "obj"}, {"var": "text"}]}""",
            """{"var": [{"var": "list"}]}""",
            """{"var": "list.9999999999999"}""",
            """{"-": []}""",
            """{"*": []}""",
            """{"/": [1, 0]}""",
            """{"%": [1, 0]}""",
            """{"merge": [{"var": "list"}, {"var": "obj"}, null]}""",
        };
        var context = FlagSetBuilder.Context(
            "u",
            ("obj", new Dictionary<string, object?> { ["k"] = "v" }),
            ("list", new List<object?> { 1, "2", null, true }),
            ("flag", true),
            ("n", 5),
            ("text", "hello"));

        foreach (var rule in rules)
        {
            var flags = FlagSetBuilder.SingleFlag("""{"a": "a", "b": "b"}""", rule, "\"a\"");
            var result = flags.Evaluate("f", context);
            Assert.True(result.Reason is Reasons.TargetingMatch or Reasons.Default or Reasons.Error, rule);
            Assert.NotEqual(ErrorCodes.ParseError, result.ErrorCode);
        }
    }

    [Fact]
    public void Random_rules_over_random_data_never_throw()
    {
        var random = new Random(1234);
        var operators = new[]
        {
            "==", "===", "!=", "!==", "<", "<=", ">", ">=", "if", "?:", "and", "or", "!", "!!", "+", "-", "*", "/", "%", "min", "max",
            "cat", "substr", "in", "merge", "map", "filter", "reduce", "all", "some", "none", "var", "missing", "missing_some",
            "fractional", "sem_ver", "starts_with", "ends_with",
        };
        var leaves = new[] { "null", "true", "false", "0", "-1", "2.5", "1e308", "\"\"", "\"a\"", "\"1.2.3\"", "\"x.y\"", "[]", "[1,\"a\"]", "{}", "{\"var\":\"x\"}", "{\"var\":\"\"}" };

        string Rule(int depth)
        {
            if (depth == 0 || random.Next(4) == 0)
            {
                return leaves[random.Next(leaves.Length)];
            }

            var arguments = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Rule(depth - 1));
            return $$"""{"{{operators[random.Next(operators.Length)]}}": [{{string.Join(",", arguments)}}]}""";
        }

        var data = new[] { "null", "1", "\"s\"", "[1,[2,\"3\"],{\"x\":null}]", "{\"x\":{\"y\":[1,2]},\"targetingKey\":\"k\"}" };
        for (var i = 0; i < 5_000; i++)
        {
            var ruleText = Rule(4);
            using var rule = JsonDocument.Parse(ruleText);
            using var input = JsonDocument.Parse(data[random.Next(data.Length)]);
            var compiled = JsonLogicRule.Compile(rule.RootElement);
            var exception = Record.Exception(() => compiled.Evaluate(input.RootElement));
            Assert.True(exception is null, $"{ruleText}: {exception}");
        }
    }

    [Fact]
    public void Unusable_contexts_are_reported_at_construction_not_at_evaluation()
    {
        var cyclic = new Dictionary<string, object?>();
        cyclic["self"] = cyclic;

        Assert.Throws<ArgumentException>(() => EvaluationContext.FromValues("u", cyclic));
        Assert.Throws<ArgumentException>(() => EvaluationContext.FromJson(JsonDocument.Parse("[1]").RootElement));
        Assert.False(EvaluationContext.TryFromJson(JsonDocument.Parse("\"text\"").RootElement, out _, out var error));
        Assert.Contains("must be a JSON object", error, StringComparison.Ordinal);
        Assert.True(EvaluationContext.TryFromJson(default, out var empty, out _));
        Assert.Null(empty.TargetingKey);
    }
}
