using System.Text.Json;
using FlagGrains.Domain.JsonLogic;
using FlagGrains.Domain.Model;

namespace FlagGrains.Domain.Evaluation;

/// <summary>
/// The one way a flagd document becomes something that evaluates: parsed once, checked once, each rule compiled once
/// within the document's <see cref="RuleLimits"/>. Writers validate with <see cref="ValidationMode.Strict"/> and keep
/// the compiled set they validated; readers (silos, clients) compile stored documents with
/// <see cref="ValidationMode.Lenient"/>, where a rule that cannot run answers an error for its own flag only.
/// </summary>
public static class FlagSetCompiler
{
    public static FlagSetCompilation Compile(string json, ValidationMode mode = ValidationMode.Lenient, RuleLimits? limits = null, TimeProvider? clock = null)
    {
        limits ??= RuleLimits.Default;
        clock ??= TimeProvider.System;
        if (json is null)
        {
            return Rejected([new ValidationProblem(JsonPath.Root, "The document is missing.")], []);
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, FlagSetDocument.JsonOptions);
        }
        catch (JsonException exception)
        {
            return Rejected([new ValidationProblem(JsonPath.Root, $"The document is not valid JSON: {exception.Message}")], []);
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            var errors = new List<ValidationProblem>();
            DuplicateKeyDetector.Check(root, errors);
            if (errors.Count > 0)
            {
                return Rejected(errors, []);
            }

            var lint = new List<ValidationProblem>();
            var definitions = FlagSetReader.Read(root, errors, lint);
            var budget = new CompileBudget(limits);
            var evaluatorProblems = new List<TargetingProblem>();
            var evaluators = EvaluatorTable.Build(root, evaluatorProblems, budget);
            lint.AddRange(evaluatorProblems.Select(problem => new ValidationProblem(problem.Path, Describe(null, problem))));

            JsonElement? setMetadata = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("metadata", out var metadata) ? metadata : null;
            var flags = new CompiledFlag[definitions.Count];
            for (var i = 0; i < definitions.Count; i++)
            {
                flags[i] = CompileFlag(definitions[i], setMetadata, evaluators, budget, lint);
            }

            var warnings = lint.Distinct().ToList();
            if (mode == ValidationMode.Strict)
            {
                errors.AddRange(warnings);
                warnings = [];
            }

            if (errors.Count > 0)
            {
                return Rejected(errors, warnings);
            }

            var document = new FlagSetDocument(json, Array.ConvertAll(flags, flag => flag.Key));
            var set = new CompiledFlagSet(flags, MetadataEncoder.Merge(setMetadata, null), clock, limits.MaxEvaluationSteps);
            return new FlagSetCompilation(set, document, []) { Warnings = warnings };
        }
    }

    private static CompiledFlag CompileFlag(FlagDefinition definition, JsonElement? setMetadata, EvaluatorTable evaluators, CompileBudget budget, List<ValidationProblem> lint)
    {
        var variants = definition.Variants
            .Select(variant => new CompiledVariant(variant.Key, FlagValue.FromJsonElement(variant.Value)))
            .ToArray();
        LogicNode? targeting = null;
        TargetingProblem? fatal = null;
        if (definition.Targeting is { } rule)
        {
            var problems = new List<TargetingProblem>();
            var names = Array.ConvertAll(variants, variant => variant.Name).ToDictionary(name => name, StringComparer.Ordinal);
            targeting = LogicCompiler.CompileTargeting(rule, definition.TargetingPath, definition.Key, evaluators, problems, budget, names);
            lint.AddRange(problems.Select(problem => new ValidationProblem(problem.Path, Describe(definition.Key, problem))));
            fatal = problems.Find(problem => problem.Fatal);
        }

        return new CompiledFlag(
            definition.Key,
            definition.Enabled,
            variants,
            definition.DefaultVariant,
            fatal is null ? targeting : null,
            fatal is null ? null : new TargetingFailure(
                fatal.OverBudget ? ErrorCodes.General : ErrorCodes.ParseError,
                $"Targeting of flag '{definition.Key}' cannot be evaluated: {fatal.Message} (at {fatal.Path})."),
            MetadataEncoder.Merge(setMetadata, definition.Metadata),
            budget.Limits.MaxEvaluationSteps);
    }

    private static FlagSetCompilation Rejected(List<ValidationProblem> errors, List<ValidationProblem> warnings) =>
        new(null, null, errors) { Warnings = warnings };

    private static string Describe(string? flagKey, TargetingProblem problem)
    {
        var owner = flagKey is null ? "Shared evaluator" : $"Flag '{flagKey}'";
        var outcome = problem.OverBudget ? "GENERAL" : "PARSE_ERROR";
        var consequence = problem.Fatal
            ? flagKey is null ? $"; flags that reference it resolve with {outcome}." : $"; the flag resolves with {outcome}."
            : ".";
        return $"{owner}: {problem.Message}{consequence}";
    }
}

/// <summary>
/// Outcome of <see cref="FlagSetCompiler.Compile"/>: the compiled set and its document, or the problems that rejected
/// it. <see cref="Warnings"/> lists problems that did not (see <see cref="ValidationMode.Lenient"/>).
/// </summary>
public sealed record FlagSetCompilation(CompiledFlagSet? Flags, FlagSetDocument? Document, IReadOnlyList<ValidationProblem> Errors)
{
    public bool IsValid => Flags is not null;

    public IReadOnlyList<ValidationProblem> Warnings { get; init; } = [];
}
