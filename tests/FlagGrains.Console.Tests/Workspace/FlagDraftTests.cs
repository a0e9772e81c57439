using System.Text.Json.Nodes;
using FlagGrains.AdminConsole.Targeting;
using FlagGrains.AdminConsole.Workspace;

namespace FlagGrains.AdminConsole.Tests.Workspace;

public sealed class FlagDraftTests
{
    [Fact]
    public void A_flag_read_into_the_form_and_written_back_keeps_metadata_and_typed_values()
    {
        const string stored = """{"state":"DISABLED","variants":{"small":1,"big":2.5},"defaultVariant":"small","metadata":{"owner":"growth"}}""";

        Assert.True(FlagDraft.TryRead(stored, out var draft));
        Assert.Equal(VariantType.Number, draft.Type);
        Assert.False(draft.Enabled);
        Assert.Empty(draft.Check());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored), JsonNode.Parse(draft.ToJson())));
    }

    [Fact]
    public void Values_that_do_not_fit_the_type_are_reported_by_variant()
    {
        var draft = FlagDraft.NewBoolean();
        draft.ChangeType(VariantType.Number);
        draft.Variants[0].Value = "lots";
        draft.DefaultVariant = "nope";

        var problems = draft.Check();

        Assert.Contains("Variant 'on': the value must be a number.", problems);
        Assert.Contains("Choose the default variant.", problems);
    }

    [Fact]
    public void Object_variants_must_be_json_objects()
    {
        Assert.Null(FlagDraft.ParseValue("[1]", VariantType.Object));
        Assert.NotNull(FlagDraft.ParseValue("""{"color":"red"}""", VariantType.Object));
    }

    [Fact]
    public void Targeting_the_builder_cannot_show_is_kept_verbatim()
    {
        const string stored = """{"state":"ENABLED","variants":{"on":true,"off":false},"defaultVariant":"off","targeting":{"if":[{"and":[true,true]},"on","off"]}}""";

        Assert.True(FlagDraft.TryRead(stored, out var draft));
        Assert.NotNull(draft.UnbuildableTargetingJson);
        draft.DefaultVariant = "on";

        Assert.Equal("""{"if":[{"and":[true,true]},"on","off"]}""", JsonNode.Parse(draft.ToJson())!["targeting"]!.ToJsonString());
    }

    [Fact]
    public void Mixed_variant_types_have_no_form()
    {
        Assert.False(FlagDraft.TryRead("""{"state":"ENABLED","variants":{"a":true,"b":"x"},"defaultVariant":"a"}""", out _));
    }

    [Fact]
    public void A_new_flag_with_a_rollout_writes_the_fractional_fallback()
    {
        var draft = FlagDraft.NewBoolean();
        draft.Targeting.Fallback = RuleOutcome.Split(new RolloutShare("on", 30), new RolloutShare("off", 70));

        Assert.Empty(draft.Check());
        Assert.Equal("""{"fractional":[["on",30],["off",70]]}""", JsonNode.Parse(draft.ToJson())!["targeting"]!.ToJsonString());
    }
}
