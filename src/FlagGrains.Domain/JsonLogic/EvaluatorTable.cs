using System.Text.Json;
using FlagGrains.Domain.Model;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// The document's shared <c>$evaluators</c>. Each is checked once on its own; flags then inline the rule
/// (compiled in the flag's context, since <c>$flagd.flagKey</c> differs per flag).
/// </summary>
internal sealed class EvaluatorTable
{
    public const string PropertyName = "$evaluators";

    private readonly Dictionary<string, JsonElement> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _fatalProblems = new(StringComparer.Ordinal);

    private EvaluatorTable()
    {
    }

    public static EvaluatorTable Empty { get; } = new();

    /// <summary>Reads <c>$evaluators</c> from the document root, reporting problems of each evaluator.</summary>
    public static EvaluatorTable Build(JsonElement root, List<TargetingProblem> problems, CompileBudget budget)
    {
        var table = new EvaluatorTable();
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty(PropertyName, out var evaluators)
            || evaluators.ValueKind != JsonValueKind.Object)
        {
            return table;
        }

        foreach (var evaluator in evaluators.EnumerateObject())
        {
            table._rules[evaluator.Name] = evaluator.Value;
        }

        var evaluatorsPath = JsonPath.Property(JsonPath.Root, PropertyName);
        foreach (var evaluator in evaluators.EnumerateObject())
        {
            var path = JsonPath.Property(evaluatorsPath, evaluator.Name);
            var ownProblems = new List<TargetingProblem>();
            LogicCompiler.CompileEvaluator(evaluator.Value, path, ownProblems, budget);
            problems.AddRange(ownProblems);
            var fatal = ownProblems.Find(problem => problem.Fatal);
            if (fatal is not null)
            {
                table._fatalProblems[evaluator.Name] = fatal.Message;
            }
        }

        return table;
    }

    public bool TryGet(string name, out JsonElement rule, out string? fatalProblem)
    {
        fatalProblem = null;
        if (!_rules.TryGetValue(name, out rule))
        {
            return false;
        }

        _fatalProblems.TryGetValue(name, out fatalProblem);
        return true;
    }
}
