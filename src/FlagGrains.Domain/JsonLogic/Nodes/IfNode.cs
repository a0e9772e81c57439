namespace FlagGrains.Domain.JsonLogic.Nodes;

/// <summary>
/// <c>if</c> / <c>?:</c>: condition/consequent pairs with an optional trailing else. Only the taken
/// branch is evaluated. A lone argument is returned as is; no match and no else yields null.
/// </summary>
internal sealed class IfNode(LogicNode[] arguments) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var i = 0;
        for (; i < arguments.Length - 1; i += 2)
        {
            if (JsConversions.IsTruthy(arguments[i].Evaluate(ref scope)))
            {
                return arguments[i + 1].Evaluate(ref scope);
            }
        }

        return i == arguments.Length - 1 ? arguments[i].Evaluate(ref scope) : LogicValue.Null;
    }
}
