using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;
using FlagGrains.Testing.Components;

namespace FlagGrains.Domain.Tests.Gherkin;

/// <summary>The test bed's evaluator flag file, parsed verbatim and compiled once for all scenarios.</summary>
internal static class TestkitFlags
{
    private static readonly Lazy<CompiledFlagSet> Compiled = new(() =>
    {
        var json = ConformanceSuites.ReadText("flagd-testbed", "evaluator", "flags", "testkit-flags.json");
        var parsed = FlagSetDocument.Parse(json);
        if (!parsed.IsValid)
        {
            throw new InvalidOperationException("testkit-flags.json was rejected: " + string.Join("; ", parsed.Errors));
        }

        return CompiledFlagSet.Compile(parsed.Document!);
    });

    public static CompiledFlagSet FlagSet => Compiled.Value;
}
