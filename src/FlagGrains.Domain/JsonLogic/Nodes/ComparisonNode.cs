namespace FlagGrains.Domain.JsonLogic.Nodes;

/// <summary>
/// <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>. With a third operand, <c>&lt;</c> and <c>&lt;=</c>
/// test "between" (exclusive / inclusive), as JsonLogic defines.
/// </summary>
internal sealed class ComparisonNode(LogicNode first, LogicNode second, LogicNode? third, bool greater, bool orEqual) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var a = first.Evaluate(ref scope);
        var b = second.Evaluate(ref scope);
        if (!Holds(a, b))
        {
            return LogicValue.False;
        }

        return third is null ? LogicValue.True : LogicValue.FromBoolean(Holds(b, third.Evaluate(ref scope)));
    }

    private bool Holds(in LogicValue a, in LogicValue b)
    {
        var order = JsConversions.Compare(a, b);
        if (order is not { } sign)
        {
            return false;
        }

        return greater
            ? (orEqual ? sign >= 0 : sign > 0)
            : (orEqual ? sign <= 0 : sign < 0);
    }
}
