namespace FlagGrains.Domain.JsonLogic.Nodes;

/// <summary><c>and</c>: the first falsy argument, else the last; short-circuits.</summary>
internal sealed class AndNode(LogicNode[] arguments) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var current = LogicValue.Null;
        foreach (var argument in arguments)
        {
            current = argument.Evaluate(ref scope);
            if (!JsConversions.IsTruthy(current))
            {
                return current;
            }
        }

        return current;
    }
}

/// <summary><c>or</c>: the first truthy argument, else the last; short-circuits.</summary>
internal sealed class OrNode(LogicNode[] arguments) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var current = LogicValue.Null;
        foreach (var argument in arguments)
        {
            current = argument.Evaluate(ref scope);
            if (JsConversions.IsTruthy(current))
            {
                return current;
            }
        }

        return current;
    }
}

/// <summary><c>!</c> (negate) and <c>!!</c> (cast to boolean) of the first argument.</summary>
internal sealed class TruthNode(LogicNode? operand, bool negate) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var truthy = operand is not null && JsConversions.IsTruthy(operand.Evaluate(ref scope));
        return LogicValue.FromBoolean(truthy != negate);
    }
}
