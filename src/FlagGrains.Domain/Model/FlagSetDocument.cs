using System.Text.Json;
using FlagGrains.Domain.JsonLogic;

namespace FlagGrains.Domain.Model;

/// <summary>
/// A validated flagd flag-set document. Keeps the verbatim JSON so export returns what was imported.
/// </summary>
public sealed class FlagSetDocument
{
    internal static readonly JsonDocumentOptions JsonOptions = new()
    {
        MaxDepth = 64,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    private FlagSetDocument(string json, IReadOnlyList<string> flagKeys)
    {
        Json = json;
        FlagKeys = flagKeys;
    }

    /// <summary>The document exactly as accepted.</summary>
    public string Json { get; }

    /// <summary>Keys of every flag in the document, in document order.</summary>
    public IReadOnlyList<string> FlagKeys { get; }

    /// <summary>Parses and validates a flagd document with <see cref="ValidationMode.Lenient"/>; never throws for bad input.</summary>
    public static FlagSetParseResult Parse(string json) => Parse(json, ValidationMode.Lenient);

    /// <summary>Parses and validates a flagd document; never throws for bad input.</summary>
    public static FlagSetParseResult Parse(string json, ValidationMode mode)
    {
        if (json is null)
        {
            return Rejected([new ValidationProblem(JsonPath.Root, "The document is missing.")], []);
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException exception)
        {
            return Rejected([new ValidationProblem(JsonPath.Root, $"The document is not valid JSON: {exception.Message}")], []);
        }

        using (parsed)
        {
            var errors = new List<ValidationProblem>();
            DuplicateKeyDetector.Check(parsed.RootElement, errors);
            if (errors.Count > 0)
            {
                return Rejected(errors, []);
            }

            var lintProblems = new List<ValidationProblem>();
            var definitions = FlagSetReader.Read(parsed.RootElement, errors, lintProblems);
            var targetingProblems = new List<TargetingProblem>();
            var evaluators = EvaluatorTable.Build(parsed.RootElement, targetingProblems);
            lintProblems.AddRange(targetingProblems.Select(problem => new ValidationProblem(problem.Path, Describe(null, problem))));
            foreach (var definition in definitions)
            {
                if (definition.Targeting is { } targeting)
                {
                    var flagProblems = new List<TargetingProblem>();
                    LogicCompiler.CompileTargeting(targeting, definition.TargetingPath, definition.Key, evaluators, flagProblems);
                    lintProblems.AddRange(flagProblems.Select(problem => new ValidationProblem(problem.Path, Describe(definition.Key, problem))));
                }
            }

            var warnings = Deduplicate(lintProblems);
            if (mode == ValidationMode.Strict)
            {
                errors.AddRange(warnings);
                warnings = [];
            }

            if (errors.Count > 0)
            {
                return Rejected(errors, warnings);
            }

            var keys = definitions.Select(definition => definition.Key).ToArray();
            return new FlagSetParseResult(new FlagSetDocument(json, keys), []) { Warnings = warnings };
        }
    }

    private static FlagSetParseResult Rejected(List<ValidationProblem> errors, List<ValidationProblem> warnings) =>
        new(null, errors) { Warnings = warnings };

    private static string Describe(string? flagKey, TargetingProblem problem)
    {
        var owner = flagKey is null ? "Shared evaluator" : $"Flag '{flagKey}'";
        var consequence = problem.Fatal
            ? flagKey is null ? "; flags that reference it resolve with PARSE_ERROR." : "; the flag resolves with PARSE_ERROR."
            : ".";
        return $"{owner}: {problem.Message}{consequence}";
    }

    private static List<ValidationProblem> Deduplicate(List<ValidationProblem> problems) =>
        problems.Distinct().ToList();
}
