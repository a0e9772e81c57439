using System.Text.Json;
using FlagGrains.Client.Evaluation;
using FlagGrains.Client.Tests.TestSupport;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Client.Tests.Evaluation;

public sealed class FlagEvaluatorTests
{
    private static readonly EvaluationContext German = EvaluationContext.FromValues("user-1", new Dictionary<string, object?> { ["country"] = "de" });
    private static readonly JsonElement FallbackObject = JsonDocument.Parse("""{"fallback":true}""").RootElement.Clone();

    private readonly FlagEvaluator _flags = Mirrors.Ready(Flags.EveryType, version: 7);

    [Fact]
    public void Typed_getters_return_the_variant_values()
    {
        Assert.True(_flags.GetBoolean("checkout", false, German));
        Assert.False(_flags.GetBoolean("checkout", true));
        Assert.Equal("#d33", _flags.GetString("color", "x"));
        Assert.Equal(3, _flags.GetInteger("retries", 0));
        Assert.Equal(10, _flags.GetInteger("whole-retries", 0));
        Assert.Equal(0.5, _flags.GetDouble("ratio", 0));
        Assert.Equal(3.0, _flags.GetDouble("retries", 0));
        var layout = _flags.GetStructured("layout", FallbackObject);
        Assert.Equal(3, layout.GetProperty("columns").GetInt32());
    }

    [Fact]
    public void Details_carry_variant_reason_metadata_and_version()
    {
        var details = _flags.GetBooleanDetails("checkout", false, German);

        Assert.Equal("checkout", details.FlagKey);
        Assert.True(details.Value);
        Assert.Equal("on", details.Variant);
        Assert.Equal(Reasons.TargetingMatch, details.Reason);
        Assert.Null(details.ErrorCode);
        Assert.Equal(7, details.Version);
        Assert.False(details.IsStale);
        var metadata = JsonDocument.Parse(details.FlagMetadataUtf8Json).RootElement;
        Assert.Equal("payments", metadata.GetProperty("team").GetString());
        Assert.Equal("anna", metadata.GetProperty("owner").GetString());

        var fallthrough = _flags.GetBooleanDetails("checkout", true);
        Assert.Equal(("off", Reasons.Default), (fallthrough.Variant, fallthrough.Reason));
        Assert.Equal(Reasons.Static, _flags.GetStringDetails("color", "x").Reason);
    }

    [Fact]
    public void Missing_flag_returns_the_callers_default_with_FLAG_NOT_FOUND()
    {
        var details = _flags.GetStringDetails("nope", "fallback");

        Assert.Equal("fallback", details.Value);
        Assert.Equal(Reasons.Error, details.Reason);
        Assert.Equal(ErrorCodes.FlagNotFound, details.ErrorCode);
        Assert.True(details.IsError);
        Assert.True(_flags.GetBoolean("nope", true));
        Assert.Equal(42, _flags.GetInteger("nope", 42));
        Assert.Equal(FallbackObject, _flags.GetStructured("nope", FallbackObject));
    }

    [Theory]
    [InlineData("color", "bool")]
    [InlineData("checkout", "string")]
    [InlineData("color", "int")]
    [InlineData("ratio", "int")]
    [InlineData("huge", "int")]
    [InlineData("checkout", "double")]
    [InlineData("color", "structured")]
    public void Wrong_type_returns_the_callers_default_with_TYPE_MISMATCH(string flag, string requested)
    {
        var (errorCode, isDefault) = requested switch
        {
            "bool" => Outcome(_flags.GetBooleanDetails(flag, true), true),
            "string" => Outcome(_flags.GetStringDetails(flag, "fallback"), "fallback"),
            "int" => Outcome(_flags.GetIntegerDetails(flag, 42), 42),
            "double" => Outcome(_flags.GetDoubleDetails(flag, 4.2), 4.2),
            _ => Outcome(_flags.GetStructuredDetails(flag, FallbackObject), FallbackObject),
        };

        Assert.Equal(ErrorCodes.TypeMismatch, errorCode);
        Assert.True(isDefault);
    }

    [Fact]
    public void Disabled_flag_returns_the_callers_default_without_an_error()
    {
        var details = _flags.GetBooleanDetails("legacy", false);

        Assert.False(details.Value);
        Assert.Equal(Reasons.Disabled, details.Reason);
        Assert.Null(details.ErrorCode);
    }

    [Fact]
    public void Before_the_first_snapshot_every_getter_returns_the_default_with_PROVIDER_NOT_READY()
    {
        var (_, evaluator) = Mirrors.Create();

        var details = evaluator.GetBooleanDetails("checkout", true, German);

        Assert.Equal(FlagEvaluatorStatus.NotReady, evaluator.Status);
        Assert.True(details.Value);
        Assert.Equal(Reasons.Error, details.Reason);
        Assert.Equal(ClientErrorCodes.ProviderNotReady, details.ErrorCode);
        Assert.Equal(0, details.Version);
        Assert.Equal("x", evaluator.GetString("color", "x"));
        Assert.Equal(ClientErrorCodes.ProviderNotReady, evaluator.GetDoubleDetails("ratio", 1).ErrorCode);
        Assert.False(evaluator.WaitForReadyAsync().IsCompleted);
    }

    [Fact]
    public void An_environment_without_a_flag_set_answers_FLAG_NOT_FOUND()
    {
        var (mirror, evaluator) = Mirrors.Create();
        mirror.Apply(Mirrors.Snapshot(0, null), confirmed: true);

        var details = evaluator.GetIntegerDetails("retries", 5);

        Assert.Equal(FlagEvaluatorStatus.Ready, evaluator.Status);
        Assert.Equal(5, details.Value);
        Assert.Equal(ErrorCodes.FlagNotFound, details.ErrorCode);
    }

    [Fact]
    public void Answers_from_an_unconfirmed_snapshot_are_marked_stale()
    {
        var (mirror, evaluator) = Mirrors.Create();
        mirror.Apply(Mirrors.Snapshot(3, Flags.EveryType), confirmed: true);
        mirror.MarkUnconfirmed();

        var details = evaluator.GetStringDetails("color", "x");

        Assert.Equal(FlagEvaluatorStatus.Stale, evaluator.Status);
        Assert.Equal("#d33", details.Value);
        Assert.True(details.IsStale);
        Assert.Equal(Reasons.Static, details.Reason);
    }

    [Fact]
    public void Evaluating_a_typed_flag_allocates_nothing()
    {
        var context = German;
        for (var i = 0; i < 100; i++) Evaluate(context);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++) Evaluate(context);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);

        void Evaluate(EvaluationContext c)
        {
            _flags.GetBooleanDetails("checkout", false, c);
            _flags.GetString("color", "x", c);
            _flags.GetInteger("retries", 0, c);
            _flags.GetDouble("ratio", 0, c);
            _flags.GetStructured("layout", FallbackObject, c);
            _flags.GetBoolean("nope", false, c);
        }
    }

    private static (string? ErrorCode, bool IsDefault) Outcome<T>(FlagEvaluationDetails<T> details, T defaultValue) =>
        (details.ErrorCode, EqualityComparer<T>.Default.Equals(details.Value, defaultValue) && details.Reason == Reasons.Error);
}
