using System.Text.Json;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Domain.Tests.Evaluation;

public sealed class EvaluationContextTests
{
    [Fact]
    public void Targeting_key_comes_from_the_ofrep_context_object()
    {
        using var json = JsonDocument.Parse("""{"targetingKey": "user-1", "email": "a@b.c"}""");

        var context = EvaluationContext.FromJson(json.RootElement);

        Assert.Equal("user-1", context.TargetingKey);
    }

    [Fact]
    public void A_non_string_targeting_key_is_no_targeting_key()
    {
        using var json = JsonDocument.Parse("""{"targetingKey": 42}""");

        Assert.Null(EvaluationContext.FromJson(json.RootElement).TargetingKey);
    }

    [Fact]
    public void The_explicit_targeting_key_wins_over_an_attribute()
    {
        var context = EvaluationContext.FromValues("explicit", new Dictionary<string, object?> { ["targetingKey"] = "attribute" });

        Assert.Equal("explicit", context.TargetingKey);
        Assert.Equal("attribute", EvaluationContext.FromValues(null, new Dictionary<string, object?> { ["targetingKey"] = "attribute" }).TargetingKey);
    }

    [Fact]
    public void The_context_is_copied_so_the_request_document_can_go()
    {
        var flags = FlagSetBuilder.SingleFlag("""{"yes": 1, "no": 0}""", """{"if": [{"==": [{"var": "user.tier"}, "gold"]}, "yes", "no"]}""");
        EvaluationContext context;
        using (var json = JsonDocument.Parse("""{"user": {"tier": "gold"}}"""))
        {
            context = EvaluationContext.FromJson(json.RootElement);
        }

        Assert.Equal("yes", flags.Evaluate("f", context).Variant);
    }

    [Fact]
    public void In_process_values_of_many_clr_types_are_accepted()
    {
        var flags = FlagSetBuilder.SingleFlag(
            """{"yes": 1, "no": 0}""",
            """{"if": [{"and": [{"==": [{"var": "count"}, 3]}, {"==": [{"var": "ratio"}, 0.5]}, {"var": "on"}, {"in": ["b", {"var": "tags"}]}, {"==": [{"var": "nested.level"}, 2]}, {"starts_with": [{"var": "when"}, "2025-01-02T03:04:05"]}]}, "yes", "no"]}""");
        var context = FlagSetBuilder.Context(
            "u",
            ("count", (byte)3),
            ("ratio", 0.5m),
            ("on", true),
            ("tags", new[] { "a", "b" }),
            ("nested", new Dictionary<string, int> { ["level"] = 2 }),
            ("when", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)));

        Assert.Equal("yes", flags.Evaluate("f", context).Variant);
    }
}
