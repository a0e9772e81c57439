using System.Text;
using System.Text.Json;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Domain.Tests.Evaluation;

/// <summary>Resolution semantics beyond the test bed: reasons, metadata, types, $flagd properties, bulk.</summary>
public sealed class CompiledFlagSetTests
{
    private const string MetadataDocument = """
        {
          "flags": {
            "with-meta": { "state": "ENABLED", "variants": { "on": true }, "defaultVariant": "on", "metadata": { "version": "7", "owner": "team-a" } },
            "plain": { "state": "ENABLED", "variants": { "on": true }, "defaultVariant": "on" },
            "off": { "state": "DISABLED", "variants": { "on": true }, "defaultVariant": "on", "metadata": { "reason": "incident" } }
          },
          "metadata": { "flagSetId": "shop", "version": "1" }
        }
        """;

    [Fact]
    public void Flag_metadata_overrides_flag_set_metadata()
    {
        var flags = FlagSetBuilder.Compile(MetadataDocument);

        Assert.Equal("""{"flagSetId":"shop","version":"7","owner":"team-a"}""", Utf8(flags.Evaluate("with-meta", EvaluationContext.Empty).MetadataUtf8Json));
        Assert.Equal("""{"flagSetId":"shop","version":"1"}""", Utf8(flags.Evaluate("plain", EvaluationContext.Empty).MetadataUtf8Json));
        Assert.Equal("""{"flagSetId":"shop","version":"1"}""", Utf8(flags.MetadataUtf8Json));
    }

    [Fact]
    public void Metadata_is_empty_when_there_is_none()
    {
        var flags = FlagSetBuilder.Compile("""{"flags": {"f": {"state": "ENABLED", "variants": {"on": true}, "defaultVariant": "on"}}}""");

        Assert.True(flags.MetadataUtf8Json.IsEmpty);
        Assert.True(flags.Evaluate("f", EvaluationContext.Empty).MetadataUtf8Json.IsEmpty);
    }

    [Fact]
    public void Disabled_flags_succeed_without_a_value_and_keep_metadata()
    {
        var result = FlagSetBuilder.Compile(MetadataDocument).Evaluate("off", EvaluationContext.Empty);

        Assert.Equal(Reasons.Disabled, result.Reason);
        Assert.Null(result.Value);
        Assert.Null(result.Variant);
        Assert.Null(result.ErrorCode);
        Assert.Contains("incident", Utf8(result.MetadataUtf8Json), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_flags_are_not_found_and_never_throw()
    {
        var flags = FlagSetBuilder.Compile(MetadataDocument);

        var result = flags.Evaluate("nope", EvaluationContext.Empty);
        Assert.Equal(ErrorCodes.FlagNotFound, result.ErrorCode);
        Assert.Equal(Reasons.Error, result.Reason);
        Assert.Equal("nope", result.FlagKey);
        Assert.True(result.IsError);

        Assert.Equal(ErrorCodes.FlagNotFound, flags.Evaluate(null!, null!).ErrorCode);
    }

    [Fact]
    public void Static_flags_report_static_and_the_default_variant()
    {
        var result = FlagSetBuilder.Compile(MetadataDocument).Evaluate("plain", EvaluationContext.Empty);

        Assert.Equal(Reasons.Static, result.Reason);
        Assert.Equal("on", result.Variant);
        Assert.True(result.Value!.AsBoolean);
        Assert.Equal("true", Utf8(result.Value.Utf8Json));
    }

    [Theory]
    [InlineData("\"on\"", "on", Reasons.TargetingMatch, null)]
    [InlineData("true", "true", Reasons.TargetingMatch, null)]
    [InlineData("false", "false", Reasons.TargetingMatch, null)]
    [InlineData("1", "1", Reasons.TargetingMatch, null)]
    [InlineData("null", "off", Reasons.Default, null)]
    [InlineData("\"purple\"", null, Reasons.Error, ErrorCodes.General)]
    [InlineData("[\"on\"]", null, Reasons.Error, ErrorCodes.General)]
    [InlineData("{\"a\": 1, \"b\": 2}", null, Reasons.Error, ErrorCodes.General)]
    public void Targeting_results_map_to_variants_as_flagd_does(string outcome, string? variant, string reason, string? errorCode)
    {
        var flags = FlagSetBuilder.SingleFlag(
            """{"on": "ON", "off": "OFF", "true": "T", "false": "F", "1": "ONE"}""",
            $$"""{"if": [true, {{outcome}}, "off"]}""",
            "\"off\"");

        var result = flags.Evaluate("f", EvaluationContext.Empty);

        Assert.Equal(variant, result.Variant);
        Assert.Equal(reason, result.Reason);
        Assert.Equal(errorCode, result.ErrorCode);
    }

    [Fact]
    public void Null_targeting_without_default_variant_defers_to_the_code_default()
    {
        var result = FlagSetBuilder.SingleFlag("""{"on": true}""", """{"if": [false, "on"]}""").Evaluate("f", EvaluationContext.Empty);

        Assert.Equal(Reasons.Default, result.Reason);
        Assert.Null(result.Value);
        Assert.Null(result.Variant);
        Assert.Null(result.ErrorCode);
    }

    [Fact]
    public void Unusable_targeting_resolves_with_parse_error()
    {
        var result = FlagSetBuilder.SingleFlag("""{"on": true}""", """{"nope": [1]}""", "\"on\"").Evaluate("f", EvaluationContext.Empty);

        Assert.Equal(ErrorCodes.ParseError, result.ErrorCode);
        Assert.Contains("unknown operator 'nope'", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a": true, "b": false}""", FlagValueKind.Boolean, true)]
    [InlineData("""{"a": true, "b": false}""", FlagValueKind.String, false)]
    [InlineData("""{"a": 3, "b": 4}""", FlagValueKind.Integer, true)]
    [InlineData("""{"a": 3, "b": 4}""", FlagValueKind.Float, true)]
    [InlineData("""{"a": 10.0, "b": 4}""", FlagValueKind.Integer, true)]
    [InlineData("""{"a": 2.5, "b": 4}""", FlagValueKind.Integer, false)]
    [InlineData("""{"a": 2.5, "b": 4}""", FlagValueKind.Float, true)]
    [InlineData("""{"a": "x", "b": "y"}""", FlagValueKind.Integer, false)]
    [InlineData("""{"a": {"k": 1}, "b": {}}""", FlagValueKind.Object, true)]
    [InlineData("""{"a": {"k": 1}, "b": {}}""", FlagValueKind.String, false)]
    public void Typed_evaluation_converts_only_losslessly(string variants, FlagValueKind requested, bool compatible)
    {
        var flags = FlagSetBuilder.SingleFlag(variants, "{}", "\"a\"");

        var result = flags.Evaluate("f", EvaluationContext.Empty, requested);

        Assert.Equal(compatible ? null : ErrorCodes.TypeMismatch, result.ErrorCode);
        Assert.Equal(compatible, result.Value is not null);
    }

    [Fact]
    public void Typed_evaluation_does_not_judge_results_without_a_value()
    {
        var flags = FlagSetBuilder.Compile(MetadataDocument);

        Assert.Equal(Reasons.Disabled, flags.Evaluate("off", EvaluationContext.Empty, FlagValueKind.String).Reason);
        Assert.Equal(ErrorCodes.FlagNotFound, flags.Evaluate("nope", EvaluationContext.Empty, FlagValueKind.String).ErrorCode);
    }

    [Fact]
    public void Flagd_properties_are_injected_and_cannot_be_spoofed()
    {
        var clock = new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_750_000_000));
        var flags = FlagSetBuilder.SingleFlag(
            """{"yes": "y", "no": "n"}""",
            """{"if": [{"and": [{"==": [{"var": "$flagd.flagKey"}, "f"]}, {"==": [{"var": "$flagd.timestamp"}, 1750000000]}]}, "yes", "no"]}""",
            timeProvider: clock);
        var spoofed = EvaluationContext.FromJson(JsonDocument.Parse("""{"$flagd": {"flagKey": "g", "timestamp": 1}}""").RootElement);

        Assert.Equal("yes", flags.Evaluate("f", spoofed).Variant);
    }

    [Fact]
    public void Time_based_rollout_weights_follow_the_clock()
    {
        const string targeting = """{"fractional": [["on", {"-": [{"var": "$flagd.timestamp"}, 1000]}], ["off", {"-": [2000, {"var": "$flagd.timestamp"}]}]]}""";
        var context = FlagSetBuilder.Context("user-1");

        var before = FlagSetBuilder.SingleFlag("""{"on": true, "off": false}""", targeting, "\"off\"", new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(999)));
        var after = FlagSetBuilder.SingleFlag("""{"on": true, "off": false}""", targeting, "\"off\"", new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(2001)));

        Assert.Equal("off", before.Evaluate("f", context).Variant);
        Assert.Equal("on", after.Evaluate("f", context).Variant);
    }

    [Fact]
    public void Shared_evaluators_see_the_flag_key_of_the_flag_using_them()
    {
        var flags = FlagSetBuilder.Compile("""
            {
              "flags": {
                "alpha": { "state": "ENABLED", "variants": { "hit": 1, "miss": 0 }, "defaultVariant": "miss", "targeting": { "if": [{ "$ref": "is-alpha" }, "hit", "miss"] } },
                "beta": { "state": "ENABLED", "variants": { "hit": 1, "miss": 0 }, "defaultVariant": "miss", "targeting": { "if": [{ "$ref": "is-alpha" }, "hit", "miss"] } }
              },
              "$evaluators": { "is-alpha": { "==": [{ "var": "$flagd.flagKey" }, "alpha"] } }
            }
            """);

        Assert.Equal("hit", flags.Evaluate("alpha", EvaluationContext.Empty).Variant);
        Assert.Equal("miss", flags.Evaluate("beta", EvaluationContext.Empty).Variant);
    }

    [Theory]
    [InlineData(null, "default")]
    [InlineData("", "default")]
    [InlineData("user-1", "split")]
    public void Fractional_without_a_targeting_key_falls_back_to_the_default(string? targetingKey, string expected)
    {
        var flags = FlagSetBuilder.SingleFlag("""{"a": "split", "b": "split", "d": "default"}""", """{"fractional": [["a", 1], ["b", 1]]}""", "\"d\"");

        var result = flags.Evaluate("f", FlagSetBuilder.Context(targetingKey));

        Assert.Equal(expected, result.Value!.AsString);
    }

    [Theory]
    [InlineData("{\"var\": \"n\"}")]
    [InlineData("{\"var\": \"obj\"}")]
    [InlineData("true")]
    public void Fractional_with_a_non_string_bucketing_value_falls_back_to_the_default(string bucketing)
    {
        var flags = FlagSetBuilder.SingleFlag("""{"a": "split", "d": "default"}""", $$"""{"fractional": [{{bucketing}}, ["a", 1]]}""", "\"d\"");

        var result = flags.Evaluate("f", FlagSetBuilder.Context("user-1", ("n", 5), ("obj", new Dictionary<string, object?>())));

        Assert.Equal(Reasons.Default, result.Reason);
    }

    [Theory]
    [InlineData("jack", "@example.com")]
    [InlineData("\uD83D", "\uDE00")]
    [InlineData("", "")]
    public void Cat_bucketing_keys_bucket_exactly_like_the_joined_string(string first, string second)
    {
        var flags = FlagSetBuilder.Compile("""
            {"flags": {
              "parts": {"state": "ENABLED", "variants": {"a": 1, "b": 2, "c": 3}, "targeting": {"fractional": [{"cat": [{"var": "p"}, {"var": "q"}, true]}, ["a", 1], ["b", 1], ["c", 1]]}},
              "whole": {"state": "ENABLED", "variants": {"a": 1, "b": 2, "c": 3}, "targeting": {"fractional": [{"var": "pq"}, ["a", 1], ["b", 1], ["c", 1]]}}
            }}
            """);
        for (var i = 0; i < 50; i++)
        {
            var p = i + System.Text.RegularExpressions.Regex.Unescape(first);
            var q = System.Text.RegularExpressions.Regex.Unescape(second);
            var context = FlagSetBuilder.Context(null, ("p", p), ("q", q), ("pq", p + q + "true"));
            Assert.Equal(flags.Evaluate("whole", context).Variant, flags.Evaluate("parts", context).Variant);
        }
    }

    [Fact]
    public void Fractional_distribution_is_close_to_its_weights()
    {
        var flags = FlagSetBuilder.SingleFlag("""{"a": "a", "b": "b", "c": "c"}""", """{"fractional": [["a", 10], ["b", 30], ["c", 60]]}""", "\"a\"");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        for (var i = 0; i < 30_000; i++)
        {
            counts[flags.Evaluate("f", FlagSetBuilder.Context($"user-{i}")).Variant!]++;
        }

        Assert.InRange(counts["a"], 2_700, 3_300);
        Assert.InRange(counts["b"], 8_500, 9_500);
        Assert.InRange(counts["c"], 17_300, 18_700);
    }

    [Fact]
    public void Evaluate_all_follows_document_order()
    {
        var flags = FlagSetBuilder.Compile(MetadataDocument);
        var results = new EvaluationResult[flags.FlagKeys.Count];

        flags.EvaluateAll(EvaluationContext.Empty, results);

        Assert.Equal(["with-meta", "plain", "off"], results.Select(result => result.FlagKey));
        Assert.Equal(Reasons.Disabled, results[2].Reason);
        Assert.Throws<ArgumentException>(() => flags.EvaluateAll(EvaluationContext.Empty, new EvaluationResult[1]));
    }

    [Fact]
    public void Array_operators_scope_var_to_the_element()
    {
        var flags = FlagSetBuilder.SingleFlag(
            """{"vip": true, "regular": false}""",
            """{"if": [{"some": [{"var": "orders"}, {">=": [{"var": "total"}, 100]}]}, "vip", "regular"]}""");
        var orders = new List<object?> { new Dictionary<string, object?> { ["total"] = 20 }, new Dictionary<string, object?> { ["total"] = 150 } };

        Assert.Equal("vip", flags.Evaluate("f", FlagSetBuilder.Context("u", ("orders", orders))).Variant);
        Assert.Equal("regular", flags.Evaluate("f", FlagSetBuilder.Context("u", ("orders", new List<object?>()))).Variant);
    }

    [Fact]
    public void Large_in_lists_match_exactly()
    {
        var members = string.Join(",", Enumerable.Range(0, 500).Select(i => $"\"user-{i}\""));
        var flags = FlagSetBuilder.SingleFlag("""{"in": true, "out": false}""", $$"""{"if": [{"in": [{"var": "targetingKey"}, [{{members}}]]}, "in", "out"]}""");

        Assert.Equal("in", flags.Evaluate("f", FlagSetBuilder.Context("user-499")).Variant);
        Assert.Equal("out", flags.Evaluate("f", FlagSetBuilder.Context("user-500")).Variant);
        Assert.Equal("out", flags.Evaluate("f", FlagSetBuilder.Context(null, ("targetingKey", 7))).Variant);
    }

    private static string Utf8(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
