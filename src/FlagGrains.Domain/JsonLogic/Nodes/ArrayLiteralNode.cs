namespace FlagGrains.Domain.JsonLogic.Nodes;

/// <summary>An array literal containing rules; each element is evaluated (constant arrays are folded).</summary>
internal sealed class ArrayLiteralNode(LogicNode[] items) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var values = new LogicValue[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            values[i] = items[i].Evaluate(ref scope);
        }

        return LogicValue.FromArray(values);
    }
}
