using System.Text.Json.Nodes;
using FlagGrains.Domain.Editing;

namespace FlagGrains.Domain.Tests.Editing;

public sealed class FlagSetPatchTests
{
    private const string Off = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""";
    private const string On = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"on"}""";
    private const string Disabled = """{"state":"DISABLED","variants":{"on":true,"off":false},"defaultVariant":"off"}""";

    private static string Document(string a, string? b = null) =>
        b is null ? "{\"flags\":{\"a\":" + a + "}}" : "{\"flags\":{\"a\":" + a + ",\"b\":" + b + "}}";

    [Fact]
    public void Items_nobody_touched_apply_on_top_of_other_changes()
    {
        var changes = FlagSetDiff.Compute(Document(Off, Off), Document(On, Off));

        var result = FlagSetPatch.Apply(Document(Off, Disabled), changes);

        Assert.True(result.Clean);
        var flags = JsonNode.Parse(result.DocumentJson!)!["flags"]!;
        Assert.Equal("on", flags["a"]!["defaultVariant"]!.GetValue<string>());
        Assert.Equal("DISABLED", flags["b"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public void An_item_changed_by_someone_else_is_a_conflict_and_nothing_applies()
    {
        var changes = FlagSetDiff.Compute(Document(Off, Off), Document(On, On));

        var result = FlagSetPatch.Apply(Document(Disabled, Off), changes);

        Assert.Equal(["flags/a"], result.Conflicts);
        Assert.Null(result.DocumentJson);
        Assert.False(result.AlreadyApplied);
    }

    [Fact]
    public void Items_already_at_their_proposed_value_count_as_applied()
    {
        var changes = FlagSetDiff.Compute(Document(Off), Document(On, Off));

        var result = FlagSetPatch.Apply(Document(On, Off), changes);

        Assert.True(result.AlreadyApplied);
        Assert.Null(result.DocumentJson);
    }

    [Fact]
    public void Creations_removals_and_document_parts_apply_whatever_the_formatting()
    {
        var before = """{"metadata":{"team":"a"},"flags":{"a":""" + Off + "}}";
        var after = """{"metadata":{"team":"b"},"flags":{"b":""" + On + "}}";
        var changes = FlagSetDiff.Compute(before, after);
        var current = """
            {
              "metadata": { "team": "a" },
              "flags": { "a": { "defaultVariant": "off", "variants": { "off": false, "on": true }, "state": "ENABLED" }, "c": {"state":"ENABLED","variants":{"x":1},"defaultVariant":"x"} }
            }
            """;

        var result = FlagSetPatch.Apply(current, changes);

        var document = JsonNode.Parse(result.DocumentJson!)!;
        Assert.Equal("b", document["metadata"]!["team"]!.GetValue<string>());
        Assert.Equal(["b", "c"], document["flags"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public void Items_are_read_from_one_parse_of_the_document()
    {
        var values = FlagSetPatch.ReadItems(Document(On), ["flags/a", "flags/zz", "metadata"]);

        Assert.True(FlagSetPatch.SameJson(On, values[0]));
        Assert.Null(values[1]);
        Assert.Null(values[2]);
        Assert.Equal([null], FlagSetPatch.ReadItems(null, ["flags/a"]));
    }
}
