using System.Text.Json.Nodes;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;
using FlagGrains.Domain.Releases;

namespace FlagGrains.Domain.Tests.Releases;

public sealed class ReleaseSplitTests
{
    private const string NoTargeting = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""";

    private const string WithRules = """
        {"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off",
         "targeting":{"if":[{"in":[{"var":"targetingKey"},["staff-1","staff-2"]]},"on",{"==":[{"var":"country"},"NZ"]},"off"]}}
        """;

    [Fact]
    public void A_flag_without_targeting_gets_the_split_as_its_targeting()
    {
        var placed = ReleaseSplit.Place(NoTargeting, "on", "off", 5);

        Assert.True(placed.Placed);
        Assert.Null(placed.PreviousSlot);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"fractional":[["on",5],["off",95]]}"""), Targeting(placed.FlagJson!)));
    }

    [Fact]
    public void Rules_stay_in_front_and_the_split_becomes_the_fallback()
    {
        var placed = ReleaseSplit.Place(WithRules, "on", "off", 25);

        var chain = Targeting(placed.FlagJson!)!["if"]!.AsArray();
        Assert.Equal(5, chain.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(WithRules)!["targeting"]!["if"]![0], chain[0]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"fractional":[["on",25],["off",75]]}"""), chain[4]));
    }

    [Fact]
    public void The_next_step_replaces_only_the_split_and_reports_what_it_replaced()
    {
        var first = ReleaseSplit.Place(WithRules, "on", "off", 25);
        var second = ReleaseSplit.Place(first.FlagJson!, "on", "off", 60);

        Assert.Equal(first.Split, second.PreviousSlot);
        Assert.Equal(first.Split, ReleaseSplit.CurrentSlot(first.FlagJson!));
        var chain = Targeting(second.FlagJson!)!["if"]!.AsArray();
        Assert.Equal(5, chain.Count);
        Assert.Equal(60, (int)chain[4]!["fractional"]![0]![1]!);
    }

    [Fact]
    public void An_existing_else_is_the_slot_the_release_takes_over()
    {
        const string flag = """{"variants":{"on":true,"off":false},"defaultVariant":"off","state":"ENABLED","targeting":{"if":[{"==":[{"var":"a"},"b"]},"on","off"]}}""";

        var placed = ReleaseSplit.Place(flag, "on", "off", 10);

        Assert.Equal("\"off\"", placed.PreviousSlot);
        Assert.Equal(3, Targeting(placed.FlagJson!)!["if"]!.AsArray().Count);
    }

    [Fact]
    public void A_nested_else_chain_is_followed_to_its_end()
    {
        const string flag = """{"variants":{"on":true,"off":false},"defaultVariant":"off","state":"ENABLED","targeting":{"if":[{"==":[{"var":"a"},1]},"on",{"if":[{"==":[{"var":"b"},2]},"off",null]}]}}""";

        var placed = ReleaseSplit.Place(flag, "on", "off", 10);

        var inner = Targeting(placed.FlagJson!)!["if"]![2]!["if"]!.AsArray();
        Assert.Equal("null", placed.PreviousSlot ?? "null");
        Assert.True(JsonNode.DeepEquals(ReleaseSplit.Node("on", "off", 10), inner[2]));
    }

    [Fact]
    public void Everything_but_the_slot_is_kept()
    {
        const string flag = """{"state":"DISABLED","variants":{"on":"a","off":"b","third":"c"},"defaultVariant":"third","metadata":{"team":"x"},"targeting":{}}""";

        var after = JsonNode.Parse(ReleaseSplit.Place(flag, "on", "off", 50).FlagJson!)!;

        Assert.Equal("DISABLED", (string)after["state"]!);
        Assert.Equal("third", (string)after["defaultVariant"]!);
        Assert.Equal("x", (string)after["metadata"]!["team"]!);
        Assert.Equal(3, after["variants"]!.AsObject().Count);
    }

    [Theory]
    [InlineData("new", "off", "variant")]
    [InlineData("on", "gone", "baseline")]
    [InlineData("on", "on", "baseline")]
    public void Unknown_or_equal_variants_are_refused_naming_the_field(string variant, string baseline, string field)
    {
        var placed = ReleaseSplit.Place(NoTargeting, variant, baseline, 5);

        Assert.False(placed.Placed);
        Assert.Equal(field, placed.Field);
    }

    [Fact]
    public void Targeting_without_a_fallback_slot_is_refused()
    {
        const string flag = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off","targeting":{"cat":["o","n"]}}""";

        var placed = ReleaseSplit.Place(flag, "on", "off", 5);

        Assert.Equal("flag", placed.Field);
        Assert.Contains("everyone else", placed.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Users_who_got_the_variant_keep_it_at_every_later_step_and_the_share_follows_the_percentage()
    {
        int[] steps = [1, 5, 25, 60, 100];
        var users = Enumerable.Range(0, 20_000).Select(i => $"user-{i}").ToList();
        HashSet<string>? previous = null;
        var flag = WithRules;
        foreach (var percent in steps)
        {
            flag = ReleaseSplit.Place(flag, "on", "off", percent).FlagJson!;
            var compiled = CompiledFlagSet.Compile(FlagSetDocument.Parse(Document(flag), ValidationMode.Strict).Document!);
            var gotIt = users.Where(u => compiled.Evaluate("rollout", EvaluationContext.FromValues(u, new Dictionary<string, object?>())).Variant == "on").ToHashSet();

            if (previous is not null) Assert.Subset(gotIt, previous);
            Assert.InRange(gotIt.Count / (double)users.Count * 100, percent - 1.5, percent + 1.5);
            previous = gotIt;
        }
    }

    [Fact]
    public void Rules_in_front_still_decide_first()
    {
        var flag = ReleaseSplit.Place(WithRules, "on", "off", 100).FlagJson!;
        var compiled = CompiledFlagSet.Compile(FlagSetDocument.Parse(Document(flag), ValidationMode.Strict).Document!);

        var newZealand = compiled.Evaluate("rollout", EvaluationContext.FromValues("someone", new Dictionary<string, object?> { ["country"] = "NZ" }));

        Assert.Equal("off", newZealand.Variant);
    }

    private static string Document(string flagJson) => new JsonObject { ["flags"] = new JsonObject { ["rollout"] = JsonNode.Parse(flagJson) } }.ToJsonString();

    private static JsonNode? Targeting(string flagJson) => JsonNode.Parse(flagJson)!["targeting"];
}
