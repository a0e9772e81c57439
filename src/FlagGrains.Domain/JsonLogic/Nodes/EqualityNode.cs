namespace FlagGrains.Domain.JsonLogic.Nodes;

/// <summary><c>==</c>, <c>===</c>, <c>!=</c>, <c>!==</c>.</summary>
internal sealed class EqualityNode(LogicNode left, LogicNode right, bool strict, bool negate) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var a = left.Evaluate(ref scope);
        var b = right.Evaluate(ref scope);
        var equal = strict ? JsConversions.StrictEquals(a, b) : JsConversions.LooseEquals(a, b);
        return LogicValue.FromBoolean(equal != negate);
    }
}
