using System.Text;
using System.Text.Json;
using FlagGrains.Domain.JsonLogic.Nodes;
using FlagGrains.Domain.Model;
using FlagGrains.Domain.Operators;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// Compiles flagd JsonLogic (rules as JSON) into a <see cref="LogicNode"/> tree: operator dispatch,
/// <c>$ref</c> inlining, <c>$flagd.*</c> binding and constant folding all happen here, once.
/// Unknown or malformed constructs are reported as <see cref="TargetingProblem"/>s.
/// </summary>
internal sealed partial class LogicCompiler
{
    private const string RefKey = "$ref";
    private const string FlagdPrefix = "$flagd";

    private readonly string _flagKey;
    private readonly byte[] _flagKeyUtf8;
    private readonly EvaluatorTable _evaluators;
    private readonly bool _compilingEvaluator;
    private readonly IReadOnlyDictionary<string, string>? _variantNames;
    private readonly CompileBudget _budget;
    private readonly List<TargetingProblem> _budgetProblems;
    private List<TargetingProblem>? _problems;

    // Rule nodes compiled by this compiler (literal items not counted): what one pass over a loop's body costs.
    private int _compiledNodes;

    // Worst case of one evaluation in steps, where a loop over a literal list multiplies its body by the list's length.
    private long _worstSteps;
    private bool _nodesReported;
    private bool _stepsReported;

    private LogicCompiler(string flagKey, EvaluatorTable evaluators, bool compilingEvaluator, List<TargetingProblem> problems, CompileBudget budget, IReadOnlyDictionary<string, string>? variantNames = null)
    {
        _flagKey = flagKey;
        _flagKeyUtf8 = Encoding.UTF8.GetBytes(flagKey);
        _evaluators = evaluators;
        _compilingEvaluator = compilingEvaluator;
        _problems = problems;
        _budgetProblems = problems;
        _budget = budget;
        _variantNames = variantNames;
    }

    /// <summary>
    /// Compiles a flag's targeting; problems are appended to <paramref name="problems"/>. String literals equal to
    /// one of <paramref name="variantNames"/> become that very string instance, so resolving the variant a rule
    /// returns is a reference comparison instead of a dictionary lookup.
    /// </summary>
    public static LogicNode CompileTargeting(
        JsonElement rule, string path, string flagKey, EvaluatorTable evaluators, List<TargetingProblem> problems, CompileBudget budget, IReadOnlyDictionary<string, string>? variantNames = null)
    {
        var compiler = new LogicCompiler(flagKey, evaluators, compilingEvaluator: false, problems, budget, variantNames);
        var node = compiler.Compile(rule, path, scoped: false);
        compiler.CheckWorstCase(path);
        return node;
    }

    /// <summary>Checks a shared evaluator on its own (nested <c>$ref</c>s are not supported by flagd).</summary>
    public static LogicNode CompileEvaluator(JsonElement rule, string path, List<TargetingProblem> problems, CompileBudget budget) =>
        new LogicCompiler(string.Empty, EvaluatorTable.Empty, compilingEvaluator: true, problems, budget).Compile(rule, path, scoped: false);

    /// <summary>Compiles a free-standing rule (no flag, no evaluators), e.g. for the JsonLogic conformance suite.</summary>
    public static LogicNode CompileRule(JsonElement rule, List<TargetingProblem> problems) =>
        new LogicCompiler(string.Empty, EvaluatorTable.Empty, compilingEvaluator: false, problems, new CompileBudget(RuleLimits.Default)).Compile(rule, JsonPath.Root, scoped: false);

    private LogicNode Compile(JsonElement element, string path, bool scoped)
    {
        if (!TakeNodes(1, path))
        {
            return ConstantNode.Null;
        }

        _compiledNodes++;
        _worstSteps++;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return CompileObject(element, path, scoped);
            case JsonValueKind.Array:
                var items = new LogicNode[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[i] = Compile(item, JsonPath.Index(path, i), scoped);
                    i++;
                }

                return Array.TrueForAll(items, node => node.IsConstant)
                    ? new ConstantNode(LogicValue.FromArray(Array.ConvertAll(items, node => ((ConstantNode)node).Value)))
                    : new ArrayLiteralNode(items);
            case JsonValueKind.String when _variantNames is not null && _variantNames.TryGetValue(element.GetString()!, out var name):
                return new ConstantNode(LogicValue.FromString(name));
            default:
                return Literal(element, path);
        }
    }

    /// <summary>Takes nodes from the document's budget; reports (once per flag) and answers false once it is spent.</summary>
    private bool TakeNodes(int nodes, string path)
    {
        if (_budget.IsSpent || !_budget.TryTake(nodes))
        {
            if (!_nodesReported)
            {
                _nodesReported = true;
                _budgetProblems.Add(new TargetingProblem(
                    path,
                    $"the rules compile into more than {_budget.Limits.MaxRuleNodes} nodes ($ref expansions and list items counted; limit MaxRuleNodes)",
                    Fatal: true,
                    OverBudget: true));
            }

            return false;
        }

        return true;
    }

    /// <summary>
    /// A loop over a literal list costs its body once per item; over anything else (context data) its length is only
    /// known at evaluation, where the step budget applies. Returns the body and what one pass over it costs.
    /// </summary>
    private (LogicNode? Body, int StepsPerItem) CompileLoopBody(List<JsonElement> args, int index, LogicNode source, string path)
    {
        var nodesBefore = _compiledNodes;
        var stepsBefore = _worstSteps;
        var body = CompileAt(args, index, path, scoped: true);
        var bodySteps = Math.Max(1, _worstSteps - stepsBefore);
        var items = source is ConstantNode { Value.Kind: LogicValueKind.Array } list ? list.Value.AsArray.Length : 1;
        _worstSteps = stepsBefore + Math.Min(long.MaxValue / 4, items * bodySteps);
        CheckWorstCase(path);
        return (body, Math.Max(1, _compiledNodes - nodesBefore));
    }

    /// <summary>Adds steps an operator takes per evaluation on constant input (scanning a literal list).</summary>
    private void AddWorstCase(long steps, string path)
    {
        _worstSteps = Math.Min(long.MaxValue / 4, _worstSteps + steps);
        CheckWorstCase(path);
    }

    private void CheckWorstCase(string path)
    {
        if (_stepsReported || _nodesReported || _worstSteps <= _budget.Limits.MaxEvaluationSteps)
        {
            return;
        }

        // Not fatal: a stored flag like this still runs, and stops at the step budget. Strict validation refuses it.
        _stepsReported = true;
        _budgetProblems.Add(new TargetingProblem(
            path,
            $"one evaluation can take about {_worstSteps} steps, more than {_budget.Limits.MaxEvaluationSteps} (limit MaxEvaluationSteps)",
            Fatal: false,
            OverBudget: true));
    }

    private LogicNode CompileObject(JsonElement element, string path, bool scoped)
    {
        var count = 0;
        JsonProperty operation = default;
        foreach (var property in element.EnumerateObject())
        {
            operation = property;
            count++;
        }

        if (count != 1)
        {
            // JsonLogic treats an object that is not {operator: arguments} as plain data.
            if (count > 1)
            {
                Report(path, $"an object with {count} keys is not a rule (a rule has exactly one operator key); it is used as a literal value", fatal: false);
            }

            return Literal(element, path);
        }

        var name = operation.Name;
        var operatorPath = JsonPath.Property(path, name);
        if (name == RefKey)
        {
            return CompileReference(operation.Value, path, scoped);
        }

        var arguments = Arguments(operation.Value);
        var node = CompileOperation(name, operation.Value, arguments, operatorPath, scoped);
        if (node is null)
        {
            Report(operatorPath, $"unknown operator '{name}'", fatal: true);
            return ConstantNode.Null;
        }

        return node;
    }

    private LogicNode CompileReference(JsonElement reference, string path, bool scoped)
    {
        if (reference.ValueKind != JsonValueKind.String)
        {
            Report(JsonPath.Property(path, RefKey), "$ref must be the name of an evaluator in $evaluators", fatal: true);
            return ConstantNode.Null;
        }

        var name = reference.GetString()!;
        if (_compilingEvaluator)
        {
            Report(JsonPath.Property(path, RefKey), $"evaluators cannot reference other evaluators ($ref '{name}')", fatal: true);
            return ConstantNode.Null;
        }

        if (!_evaluators.TryGet(name, out var rule, out var fatalProblem))
        {
            Report(JsonPath.Property(path, RefKey), $"$ref '{name}' does not name an evaluator in $evaluators", fatal: true);
            return ConstantNode.Null;
        }

        if (fatalProblem is not null)
        {
            Report(JsonPath.Property(path, RefKey), $"$ref '{name}' names an invalid evaluator: {fatalProblem}", fatal: true);
            return ConstantNode.Null;
        }

        // The evaluator's own problems were reported once under $evaluators; do not repeat them per flag.
        var problems = _problems;
        _problems = null;
        try
        {
            return Compile(rule, JsonPath.Property(JsonPath.Property(JsonPath.Root, EvaluatorTable.PropertyName), name), scoped);
        }
        finally
        {
            _problems = problems;
        }
    }

    private LogicNode[] CompileAll(List<JsonElement> arguments, string path, bool scoped)
    {
        var nodes = new LogicNode[arguments.Count];
        for (var i = 0; i < arguments.Count; i++)
        {
            nodes[i] = Compile(arguments[i], ArgumentPath(path, arguments.Count, i), scoped);
        }

        return nodes;
    }

    private LogicNode? CompileAt(List<JsonElement> arguments, int index, string path, bool scoped) =>
        index < arguments.Count ? Compile(arguments[index], ArgumentPath(path, arguments.Count, index), scoped) : null;

    private static string ArgumentPath(string operatorPath, int count, int index) =>
        count == 1 ? operatorPath : JsonPath.Index(operatorPath, index);

    /// <summary>JsonLogic accepts a lone argument without the array: {"!": true} means {"!": [true]}.</summary>
    private static List<JsonElement> Arguments(JsonElement value)
    {
        var list = new List<JsonElement>();
        if (value.ValueKind == JsonValueKind.Array)
        {
            list.AddRange(value.EnumerateArray());
        }
        else
        {
            list.Add(value);
        }

        return list;
    }

    private LogicNode Literal(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.Array or JsonValueKind.Object
            && !TakeNodes(CompileBudget.CountValues(element, _budget.Limits.MaxRuleNodes + 1) - 1, path))
        {
            return ConstantNode.Null;
        }

        return new ConstantNode(LogicValueConverter.FromElement(element));
    }

    private void Report(string path, string message, bool fatal) => _problems?.Add(new TargetingProblem(path, message, fatal));

    /// <summary>Evaluates a pure node whose inputs are all constants, so the work is done once.</summary>
    private LogicNode Fold(LogicNode node, params LogicNode?[] children)
    {
        foreach (var child in children)
        {
            if (child is not null && !child.IsConstant)
            {
                return node;
            }
        }

        var scope = new EvaluationScope(LogicValue.Null, TimeProvider.System, _budget.Limits.MaxEvaluationSteps);
        try
        {
            return new ConstantNode(node.Evaluate(ref scope));
        }
        catch (RuleBudgetExceededException)
        {
            // Left to run (and stop) at evaluation, where the failure is reported for the flag that has it.
            return node;
        }
    }
}
