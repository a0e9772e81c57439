using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Domain.Tests.Evaluation;

/// <summary>EvaluationResult is a flag key plus a shared resolution, and still behaves like the record it was.</summary>
public sealed class EvaluationResultTests
{
    private static readonly CompiledFlagSet Flags = FlagSetBuilder.SingleFlag("""{"on": true, "off": false}""", """{"if": [{"var": "x"}, "on", null]}""", "\"off\"");

    [Fact]
    public void Results_that_resolve_the_same_way_are_equal_whoever_built_them()
    {
        var engine = Flags.Evaluate("f", FlagSetBuilder.Context("u", ("x", true)));
        var built = new EvaluationResult("f", engine.Value, "on", Reasons.TargetingMatch, null, null, engine.MetadataUtf8Json);

        Assert.Equal(engine, built);
        Assert.True(engine == built);
        Assert.Equal(engine.GetHashCode(), built.GetHashCode());
        Assert.NotEqual(engine, Flags.Evaluate("f", FlagSetBuilder.Context("u", ("x", false))));
    }

    [Fact]
    public void The_engine_reuses_its_resolutions_and_still_reports_each_property()
    {
        var matched = Flags.Evaluate("f", FlagSetBuilder.Context("u", ("x", true)));
        var fallback = Flags.Evaluate("f", FlagSetBuilder.Context("u"));
        var missing = Flags.Evaluate("nope", FlagSetBuilder.Context("u"));

        Assert.Equal(("on", Reasons.TargetingMatch, (string?)null, true), (matched.Variant, matched.Reason, matched.ErrorCode, matched.Value!.AsBoolean));
        Assert.Equal(("off", Reasons.Default), (fallback.Variant, fallback.Reason));
        Assert.Equal(("nope", ErrorCodes.FlagNotFound, true, (FlagValue?)null), (missing.FlagKey, missing.ErrorCode, missing.IsError, missing.Value));
    }

    [Fact]
    public void A_default_result_has_no_properties()
    {
        var empty = default(EvaluationResult);

        Assert.Null(empty.FlagKey);
        Assert.Null(empty.Value);
        Assert.Null(empty.Reason);
        Assert.False(empty.IsError);
        Assert.True(empty.MetadataUtf8Json.IsEmpty);
        Assert.Contains("FlagKey", empty.ToString(), StringComparison.Ordinal);
    }
}
