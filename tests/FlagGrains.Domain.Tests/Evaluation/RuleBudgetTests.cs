using System.Text;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;
using FlagGrains.Testing.Components;

namespace FlagGrains.Domain.Tests.Evaluation;

/// <summary>No stored rule may cost unbounded CPU or memory: refused where written, bounded where it runs.</summary>
public sealed class RuleBudgetTests
{
    private static readonly RuleLimits Small = new() { MaxRuleNodes = 5_000, MaxEvaluationSteps = 10_000 };

    [Fact]
    public void Nested_loops_over_literal_lists_are_refused_at_write_naming_the_limit_and_the_path()
    {
        // The issue's rule bomb: three nested `some` over 1,000-item literal lists (~15 KB, ~10^9 iterations).
        var document = Document("bomb", Nested("some", depth: 3, items: 1_000));

        var result = FlagSetCompiler.Compile(document, ValidationMode.Strict);

        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Errors, e => e.Message.Contains("MaxEvaluationSteps", StringComparison.Ordinal));
        Assert.StartsWith("$.flags.bomb.targeting.if[0].some", problem.Path, StringComparison.Ordinal);
        Assert.Contains($"more than {RuleLimits.Default.MaxEvaluationSteps}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_rule_bomb_answers_GENERAL_for_its_flag_only_and_stops_at_the_budget()
    {
        var document = """
            {"flags": {
              "bomb": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off", "targeting": @1@},
              "plain": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off", "targeting": {"if": [{"==": [{"var": "country"}, "NL"]}, "on", "off"]}}
            }}
            """.Replace("@1@", Nested("some", depth: 3, items: 1_000), StringComparison.Ordinal);
        var flags = FlagSetBuilder.Compile(document);
        var context = FlagSetBuilder.Context("user-1", ("country", "NL"));
        var results = new EvaluationResult[2];

        flags.EvaluateAll(context, results);

        Assert.Equal(ErrorCodes.General, results[0].ErrorCode);
        Assert.Null(results[0].Value);
        Assert.Contains("MaxEvaluationSteps", results[0].ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("on", results[1].Variant);
    }

    [Fact]
    public void Loops_over_context_data_stop_at_the_step_budget()
    {
        // Nothing here is constant, so the write is accepted; the cost depends on the context.
        var flags = FlagSetBuilder.Compile(
            Document("f", """{"some": [{"var": "lists"}, {"some": [{"var": ""}, {"==": [{"var": ""}, -1]}]}]}"""),
            limits: Small);
        var small = FlagSetBuilder.Context("u", ("lists", Lists(3, 10)));
        var large = FlagSetBuilder.Context("u", ("lists", Lists(100, 1_000)));

        Assert.Null(flags.Evaluate("f", small).ErrorCode);
        Assert.Equal(ErrorCodes.General, flags.Evaluate("f", large).ErrorCode);
    }

    [Fact]
    public void Doubling_a_string_in_a_loop_stops_before_it_exhausts_memory()
    {
        // 64 doublings of one character would be 2^64 characters.
        var rule = """{"reduce": [{"var": "xs"}, {"cat": [{"var": "accumulator"}, {"var": "accumulator"}]}, "x"]}""";
        var flags = FlagSetBuilder.Compile(Document("f", rule), limits: Small);
        var context = FlagSetBuilder.Context("u", ("xs", Enumerable.Range(0, 64).Cast<object?>().ToArray()));

        Assert.Equal(ErrorCodes.General, flags.Evaluate("f", context).ErrorCode);
    }

    [Fact]
    public void Ref_expansion_is_counted_and_refused_past_the_node_budget_without_building_it()
    {
        // One evaluator of ~1,000 nodes referenced 1,000 times: ~10^6 nodes once inlined, from a document of ~20 KB.
        var evaluator = "[" + string.Join(",", Enumerable.Range(0, 1_000)) + "]";
        var references = string.Join(",", Enumerable.Repeat("""{"in": [{"var": "n"}, {"$ref": "big"}]}""", 1_000));
        var document = """
            {"$evaluators": {"big": {"merge": [@1@]}},
             "flags": {"f": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                             "targeting": {"if": [{"or": [@2@]}, "on", "off"]}}}}
            """.Replace("@1@", evaluator, StringComparison.Ordinal).Replace("@2@", references, StringComparison.Ordinal);

        var strict = FlagSetCompiler.Compile(document, ValidationMode.Strict, Small);
        var stored = FlagSetCompiler.Compile(document, ValidationMode.Lenient, Small);

        var problem = Assert.Single(strict.Errors, e => e.Message.Contains("MaxRuleNodes", StringComparison.Ordinal));
        Assert.StartsWith("$.", problem.Path, StringComparison.Ordinal);
        Assert.Contains("5000", problem.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.General, stored.Flags!.Evaluate("f", EvaluationContext.Empty).ErrorCode);
    }

    [Fact]
    public void The_node_budget_is_shared_by_the_whole_document()
    {
        var flags = string.Join(",", Enumerable.Range(0, 50).Select(i =>
            """
            "f@1@": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                       "targeting": {"if": [{"in": [{"var": "n"}, [@2@]]}, "on", "off"]}}
            """.Replace("@1@", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("@2@", string.Join(",", Enumerable.Range(0, 200)), StringComparison.Ordinal)));
        var document = """{"flags": { @1@ }}""".Replace("@1@", flags, StringComparison.Ordinal);

        var strict = FlagSetCompiler.Compile(document, ValidationMode.Strict, Small);
        var stored = FlagSetCompiler.Compile(document, ValidationMode.Lenient, Small);

        Assert.Contains(strict.Errors, e => e.Message.Contains("MaxRuleNodes", StringComparison.Ordinal));
        Assert.Null(stored.Flags!.Evaluate("f0", EvaluationContext.Empty).ErrorCode);
        Assert.Equal(ErrorCodes.General, stored.Flags.Evaluate("f49", EvaluationContext.Empty).ErrorCode);
    }

    [ComponentFact(Component.Conformance)]
    public void Every_flag_of_the_flagd_test_bed_fits_the_default_budget()
    {
        var files = Directory.GetFiles(ConformanceSuites.PathOf("flagd-testbed", "flags"), "*.json")
            .Append(ConformanceSuites.PathOf("flagd-testbed", "evaluator", "flags", "testkit-flags.json"));
        foreach (var file in files)
        {
            var result = FlagSetCompiler.Compile(File.ReadAllText(file));
            var overBudget = result.Errors.Concat(result.Warnings)
                .Where(p => p.Message.Contains("MaxRuleNodes", StringComparison.Ordinal) || p.Message.Contains("MaxEvaluationSteps", StringComparison.Ordinal));
            Assert.True(!overBudget.Any(), $"{Path.GetFileName(file)}: {string.Join("; ", overBudget)}");
        }
    }

    [Fact]
    public void Large_allow_lists_fit_the_default_budget()
    {
        var users = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"\"user-{i}\""));
        var numbers = string.Join(",", Enumerable.Range(0, 20_000));
        var document = """
            {"flags": {
              "by-key": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                         "targeting": {"if": [{"in": [{"var": "targetingKey"}, [@1@]]}, "on", "off"]}},
              "by-number": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off",
                         "targeting": {"if": [{"in": [{"var": "n"}, [@2@]]}, "on", "off"]}}
            }}
            """.Replace("@1@", users, StringComparison.Ordinal).Replace("@2@", numbers, StringComparison.Ordinal);

        var result = FlagSetCompiler.Compile(document, ValidationMode.Strict);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal("on", result.Flags!.Evaluate("by-key", FlagSetBuilder.Context("user-19999")).Variant);
        Assert.Equal("on", result.Flags.Evaluate("by-number", FlagSetBuilder.Context("u", ("n", 19_999))).Variant);
    }

    private static object?[] Lists(int count, int length) =>
        Enumerable.Range(0, count).Select(_ => (object?)Enumerable.Range(0, length).Cast<object?>().ToArray()).ToArray();

    private static string Document(string key, string targeting) =>
        """{"flags": {"@1@": {"state": "ENABLED", "variants": {"on": true, "off": false}, "defaultVariant": "off", "targeting": {"if": [@2@, "on", "off"]}}}}""".Replace("@1@", key, StringComparison.Ordinal).Replace("@2@", targeting, StringComparison.Ordinal);

    /// <summary><c>{"some": [[0..n], {"some": [[0..n], … {"==": [{"var": ""}, -1]}]}]}</c>, nested <paramref name="depth"/> times.</summary>
    private static string Nested(string loop, int depth, int items)
    {
        var list = "[" + string.Join(",", Enumerable.Range(0, items)) + "]";
        var rule = new StringBuilder("""{"==": [{"var": ""}, -1]}""");
        for (var i = 0; i < depth; i++)
        {
            rule.Insert(0, """{"@1@": [@2@, """.Replace("@1@", loop, StringComparison.Ordinal).Replace("@2@", list, StringComparison.Ordinal)).Append("]}");
        }

        return rule.ToString();
    }
}
