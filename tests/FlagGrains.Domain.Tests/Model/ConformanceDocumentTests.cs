using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;
using FlagGrains.Testing.Components;

namespace FlagGrains.Domain.Tests.Model;

/// <summary>Real-world documents (test bed, schema examples, the benchmark set) against Parse and Compile.</summary>
public sealed class ConformanceDocumentTests
{
    public static TheoryData<string> LoadableDocuments()
    {
        var data = new TheoryData<string>
        {
            Path.Combine("flagd-testbed", "evaluator", "flags", "testkit-flags.json"),
        };
        foreach (var file in Directory.GetFiles(ConformanceSuites.PathOf("flagd-testbed", "flags"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(ConformanceSuites.Root, file));
        }

        foreach (var file in Directory.GetFiles(ConformanceSuites.PathOf("flagd-schemas", "json", "test", "flags", "positive"), "*.json").Order(StringComparer.Ordinal))
        {
            if (!file.Contains("array", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(ConformanceSuites.Root, file));
            }
        }

        data.Add(Path.Combine("flagd-docs", "docs", "assets", "cheat-sheet-flags.json"));
        return data;
    }

    [ComponentTheory(Component.Conformance)]
    [MemberData(nameof(LoadableDocuments))]
    public void Document_parses_verbatim_and_compiles(string relativePath)
    {
        var result = FlagSetDocument.Parse(File.ReadAllText(ConformanceSuites.PathOf(relativePath)));

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        var compiled = CompiledFlagSet.Compile(result.Document!);
        Assert.Equal(result.Document!.FlagKeys, compiled.FlagKeys);
        foreach (var key in compiled.FlagKeys)
        {
            var evaluation = compiled.Evaluate(key, EvaluationContext.FromValues("user-1", new Dictionary<string, object?>()));
            Assert.Equal(key, evaluation.FlagKey);
        }
    }

    [Fact]
    public void Benchmark_set_parses_strictly_with_fifty_flags_in_document_order()
    {
        var json = TestData.Bench50;

        var result = FlagSetDocument.Parse(json, ValidationMode.Strict);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(50, result.Document!.FlagKeys.Count);
        Assert.Equal("bench-flag-00", result.Document.FlagKeys[0]);
        Assert.Equal(json, result.Document.Json);
    }

    [ComponentFact(Component.Conformance)]
    public void Testkit_loads_leniently_and_reports_its_deliberately_broken_rules_as_warnings()
    {
        var result = FlagSetDocument.Parse(ConformanceSuites.ReadText("flagd-testbed", "evaluator", "flags", "testkit-flags.json"));

        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, problem => problem.Path == "$.flags.ref-to-nonexistent-evaluator-flag.targeting.if[0].$ref");
        Assert.Contains(result.Warnings, problem => problem.Path.StartsWith("$.flags.semver-wrong-args-flag.targeting", StringComparison.Ordinal));
        Assert.False(FlagSetDocument.Parse(ConformanceSuites.ReadText("flagd-testbed", "evaluator", "flags", "testkit-flags.json"), ValidationMode.Strict).IsValid);
    }

    public static TheoryData<string> SchemaNegativeFlagFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ConformanceSuites.PathOf("flagd-schemas", "json", "test", "flags", "negative"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [ComponentTheory(Component.Conformance)]
    [MemberData(nameof(SchemaNegativeFlagFiles))]
    public void Schema_negative_flag_examples_are_rejected_strictly(string file)
    {
        var result = FlagSetDocument.Parse(ConformanceSuites.ReadText("flagd-schemas", "json", "test", "flags", "negative", file), ValidationMode.Strict);

        Assert.False(result.IsValid);
        Assert.All(result.Errors, problem => Assert.StartsWith("$", problem.Path, StringComparison.Ordinal));
    }

    public static TheoryData<string, bool> SchemaTargetingFiles()
    {
        var data = new TheoryData<string, bool>();
        foreach (var valid in new[] { true, false })
        {
            var folder = ConformanceSuites.PathOf("flagd-schemas", "json", "test", "targeting", valid ? "positive" : "negative");
            foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(file), valid);
            }
        }

        return data;
    }

    [ComponentTheory(Component.Conformance)]
    [MemberData(nameof(SchemaTargetingFiles))]
    public void Schema_targeting_examples_are_judged_like_the_schema(string file, bool valid)
    {
        var rule = ConformanceSuites.ReadText("flagd-schemas", "json", "test", "targeting", valid ? "positive" : "negative", file);
        var json = $$"""
            {
              "flags": { "f": { "state": "ENABLED", "variants": { "a": "a" }, "defaultVariant": "a", "targeting": {{rule}} } },
              "$evaluators": { "some-ref": { "==": [1, 1] } }
            }
            """;

        var strict = FlagSetDocument.Parse(json, ValidationMode.Strict);
        var lenient = FlagSetDocument.Parse(json);

        Assert.True(valid == strict.IsValid, string.Join(Environment.NewLine, strict.Errors));
        Assert.True(lenient.IsValid);
        if (!valid)
        {
            Assert.All(strict.Errors, problem => Assert.StartsWith("$.flags.f.targeting", problem.Path, StringComparison.Ordinal));
            Assert.NotEmpty(lenient.Warnings);
        }
    }
}
