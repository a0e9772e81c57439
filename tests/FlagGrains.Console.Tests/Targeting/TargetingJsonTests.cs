using System.Text.Json;
using System.Text.Json.Nodes;
using FlagGrains.AdminConsole.Targeting;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;

namespace FlagGrains.AdminConsole.Tests.Targeting;

public sealed class TargetingJsonTests
{
    private static readonly string[] Variants = ["on", "off"];

    [Fact]
    public void Every_condition_kind_becomes_the_flagd_operator_in_an_if_chain()
    {
        var model = new TargetingModel();
        model.Rules.Add(Rule(ConditionKind.Equals, "platform", ["ios"], RuleOutcome.To("on")));
        model.Rules.Add(Rule(ConditionKind.InList, "country", ["de", "fr"], RuleOutcome.To("on")));
        model.Rules.Add(Rule(ConditionKind.UserAllowList, "", ["alice", "bob"], RuleOutcome.To("on")));
        model.Rules.Add(new TargetingRule
        {
            Condition = new RuleCondition { Kind = ConditionKind.SemVer, Attribute = "appVersion", Operator = ">=", Values = ["2.0.0"] },
            Outcome = RuleOutcome.To("on"),
        });
        model.Rules.Add(Rule(ConditionKind.StartsWith, "email", ["qa+"], RuleOutcome.To("on")));
        model.Rules.Add(Rule(ConditionKind.EndsWith, "email", ["@example.com"], RuleOutcome.DefaultVariant()));
        model.Fallback = RuleOutcome.Split(new RolloutShare("on", 30), new RolloutShare("off", 70));

        var json = TargetingJson.Write(model)!.ToJsonString(TargetingJson.Readable);

        Assert.Equal(
            """{"if":[{"==":[{"var":"platform"},"ios"]},"on",{"in":[{"var":"country"},["de","fr"]]},"on",{"in":[{"var":"targetingKey"},["alice","bob"]]},"on",{"sem_ver":[{"var":"appVersion"},">=","2.0.0"]},"on",{"starts_with":[{"var":"email"},"qa+"]},"on",{"ends_with":[{"var":"email"},"@example.com"]},null,{"fractional":[["on",30],["off",70]]}]}""",
            json);
    }

    [Fact]
    public void Default_variant_for_everyone_writes_no_targeting_and_a_bare_rollout_writes_fractional_alone()
    {
        Assert.Null(TargetingJson.Write(new TargetingModel()));

        var rollout = new TargetingModel { Fallback = RuleOutcome.Split(new RolloutShare("on", 10), new RolloutShare("off", 90)) };
        Assert.Equal("""{"fractional":[["on",10],["off",90]]}""", TargetingJson.Write(rollout)!.ToJsonString(TargetingJson.Readable));
    }

    [Theory]
    [InlineData("""{"if":[{"sem_ver":[{"var":"appVersion"},">=","2.0.0"]},"red"]}""")]
    [InlineData("""{"if":[{"in":[{"var":"targetingKey"},["alice","bob"]]},"on",{"fractional":[["on",30],["off",70]]}]}""")]
    [InlineData("""{"if":[{"==":[{"var":"platform"},"ios"]},"on",{"starts_with":[{"var":"email"},"qa"]},"off"]}""")]
    [InlineData("""{"fractional":[["on",50],["off",50]]}""")]
    public void Builder_shapes_read_back_and_write_the_same_json(string targeting)
    {
        Assert.True(TargetingJson.TryRead(JsonNode.Parse(targeting), out var model));
        Assert.Equal(JsonNode.Parse(targeting)!.ToJsonString(TargetingJson.Readable), TargetingJson.Write(model)!.ToJsonString(TargetingJson.Readable));
    }

    [Fact]
    public void An_explicit_null_else_reads_as_the_default_variant()
    {
        Assert.True(TargetingJson.TryRead(JsonNode.Parse("""{"if":[{"sem_ver":[{"var":"appVersion"},">=","2.0.0"]},"red",null]}"""), out var model));
        Assert.Equal(OutcomeKind.DefaultVariant, model.Fallback.Kind);
        Assert.Equal("red", model.Rules[0].Outcome.Variant);
    }

    [Fact]
    public void An_allow_list_on_the_targeting_key_reads_back_as_an_allow_list()
    {
        Assert.True(TargetingJson.TryRead(JsonNode.Parse("""{"if":[{"in":[{"var":"targetingKey"},["u1"]]},"on"]}"""), out var model));
        Assert.Equal(ConditionKind.UserAllowList, model.Rules[0].Condition.Kind);
        Assert.Equal(OutcomeKind.DefaultVariant, model.Fallback.Kind);
    }

    [Theory]
    [InlineData("""{"and":[{"==":[{"var":"a"},"b"]},{"==":[{"var":"c"},"d"]}]}""")]
    [InlineData("""{"if":[{"==":[{"var":"tier"},3]},"on","off"]}""")]
    [InlineData("""{"if":[{"and":[true,true]},"on","off"]}""")]
    [InlineData("""{"fractional":[{"var":"email"},["on",50],["off",50]]}""")]
    [InlineData("""{"fractional":[["on",33.5],["off",66.5]]}""")]
    [InlineData("""{"if":[{"sem_ver":[{"var":"v"},"~>","1.0.0"]},"on"]}""")]
    [InlineData("\"on\"")]
    public void Other_shapes_are_left_to_the_raw_editor(string targeting)
    {
        Assert.False(TargetingJson.TryRead(JsonNode.Parse(targeting), out _));
    }

    [Fact]
    public void A_rollout_must_add_up_to_100_and_name_existing_variants()
    {
        var model = new TargetingModel { Fallback = RuleOutcome.Split(new RolloutShare("on", 30), new RolloutShare("off", 60)) };
        Assert.Contains(TargetingJson.Check(model, Variants), p => p.Contains("add up to 90 %", StringComparison.Ordinal));

        model.Fallback.Rollout[1].Weight = 70;
        Assert.Empty(TargetingJson.Check(model, Variants));

        model.Fallback.Rollout[1].Variant = "gone";
        Assert.Contains(TargetingJson.Check(model, Variants), p => p.Contains("flag's variants", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_needs_an_attribute_a_value_and_a_known_variant()
    {
        var model = new TargetingModel();
        model.Rules.Add(Rule(ConditionKind.Equals, "", [], RuleOutcome.To("maybe")));

        var problems = TargetingJson.Check(model, Variants);

        Assert.Equal(3, problems.Count);
        Assert.All(problems, p => Assert.StartsWith("Rule 1:", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Generated_targeting_is_accepted_by_the_strict_parser_and_evaluates_as_built()
    {
        var model = new TargetingModel();
        model.Rules.Add(Rule(ConditionKind.UserAllowList, "", ["alice"], RuleOutcome.To("on")));
        model.Rules.Add(new TargetingRule
        {
            Condition = new RuleCondition { Kind = ConditionKind.SemVer, Attribute = "appVersion", Operator = "<", Values = ["2.0.0"] },
            Outcome = RuleOutcome.To("off"),
        });
        model.Fallback = RuleOutcome.Split(new RolloutShare("on", 100), new RolloutShare("off", 0));
        var document = new JsonObject
        {
            ["flags"] = new JsonObject
            {
                ["f"] = new JsonObject
                {
                    ["state"] = "ENABLED",
                    ["variants"] = new JsonObject { ["on"] = true, ["off"] = false },
                    ["defaultVariant"] = "off",
                    ["targeting"] = TargetingJson.Write(model),
                },
            },
        }.ToJsonString();

        var parsed = FlagSetDocument.Parse(document, ValidationMode.Strict);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => e.Message)));
        var flags = CompiledFlagSet.Compile(parsed.Document!);

        Assert.Equal("on", Evaluate(flags, """{"targetingKey":"alice","appVersion":"1.0.0"}"""));
        Assert.Equal("off", Evaluate(flags, """{"targetingKey":"bob","appVersion":"1.9.9"}"""));
        Assert.Equal("on", Evaluate(flags, """{"targetingKey":"bob","appVersion":"2.0.0"}"""));
    }

    private static string? Evaluate(CompiledFlagSet flags, string context)
    {
        using var json = JsonDocument.Parse(context);
        return flags.Evaluate("f", EvaluationContext.FromJson(json.RootElement)).Variant;
    }

    private static TargetingRule Rule(ConditionKind kind, string attribute, List<string> values, RuleOutcome outcome) =>
        new() { Condition = new RuleCondition { Kind = kind, Attribute = attribute, Values = values }, Outcome = outcome };
}
