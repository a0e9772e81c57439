using System.Text.Json;
using FlagGrains.Domain.Model;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// A free-standing compiled rule evaluated against arbitrary data (not only an object context).
/// Used by the JsonLogic conformance suite and available to tooling that previews rules.
/// </summary>
internal sealed class JsonLogicRule
{
    private readonly LogicNode _root;

    private JsonLogicRule(LogicNode root, IReadOnlyList<TargetingProblem> problems)
    {
        _root = root;
        Problems = problems;
    }

    public IReadOnlyList<TargetingProblem> Problems { get; }

    public bool IsEvaluable => !Problems.Any(problem => problem.Fatal);

    public static JsonLogicRule Compile(JsonElement rule)
    {
        var problems = new List<TargetingProblem>();
        var root = LogicCompiler.CompileRule(rule, problems);
        return new JsonLogicRule(root, problems);
    }

    public LogicValue Evaluate(JsonElement data) => Evaluate(LogicValueConverter.FromElement(data));

    public LogicValue Evaluate(LogicValue data)
    {
        var scope = new EvaluationScope(data, TimeProvider.System, RuleLimits.Default.MaxEvaluationSteps);
        return _root.Evaluate(ref scope);
    }
}
