using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;

namespace FlagGrains.Domain.Tests.Evaluation;

/// <summary>Parses and compiles inline test documents, failing loudly when a document is rejected.</summary>
internal static class FlagSetBuilder
{
    public static CompiledFlagSet Compile(string json, TimeProvider? timeProvider = null, RuleLimits? limits = null)
    {
        var result = FlagSetCompiler.Compile(json, ValidationMode.Lenient, limits, timeProvider);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Flags!;
    }

    /// <summary>A document with one flag named "f" holding the given variants, default and targeting.</summary>
    public static CompiledFlagSet SingleFlag(string variants, string targeting, string defaultVariant = "null", TimeProvider? timeProvider = null) =>
        Compile(
            """{"flags": {"f": {"state": "ENABLED", "variants": """ + variants + """, "defaultVariant": """ + defaultVariant
            + """, "targeting": """ + targeting + "}}}",
            timeProvider);

    public static EvaluationContext Context(string? targetingKey = null, params (string Key, object? Value)[] attributes) =>
        EvaluationContext.FromValues(targetingKey, attributes.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal));
}
