namespace FlagGrains.Domain.JsonLogic.Nodes;

/// <summary><c>merge</c>: flattens array operands one level; other operands are appended as items.</summary>
internal sealed class MergeNode(LogicNode[] arguments) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var items = new List<LogicValue>();
        foreach (var argument in arguments)
        {
            var value = argument.Evaluate(ref scope);
            if (value.Kind == LogicValueKind.Array)
            {
                // Paid before copying: merging a list with itself in a loop would otherwise double memory per step.
                scope.Spend(value.AsArray.Length);
                items.AddRange(value.AsArray);
            }
            else
            {
                items.Add(value);
            }
        }

        return LogicValue.FromArray(items.ToArray());
    }
}

/// <summary>
/// <c>map</c> and <c>filter</c>: the callback sees each element as its data. A non-array source gives [].
/// Each element costs <paramref name="bodyCost"/> steps (the callback's size).
/// </summary>
internal sealed class MapFilterNode(LogicNode source, LogicNode? callback, bool filter, int bodyCost) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var input = source.Evaluate(ref scope);
        if (input.Kind != LogicValueKind.Array)
        {
            return LogicValue.EmptyArray;
        }

        var items = input.AsArray;
        var output = new List<LogicValue>(items.Length);
        foreach (var item in items)
        {
            scope.Spend(bodyCost);
            var outer = scope.SwapData(item);
            var result = callback is null ? LogicValue.Null : callback.Evaluate(ref scope);
            scope.SwapData(outer);
            if (!filter)
            {
                output.Add(result);
            }
            else if (JsConversions.IsTruthy(result))
            {
                output.Add(item);
            }
        }

        return LogicValue.FromArray(output.ToArray());
    }
}

/// <summary><c>reduce</c>: the callback sees {"current", "accumulator"}; a non-array source gives the initial value.</summary>
internal sealed class ReduceNode(LogicNode source, LogicNode? callback, LogicNode? initial, int bodyCost) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var input = source.Evaluate(ref scope);
        var accumulator = initial is null ? LogicValue.Null : initial.Evaluate(ref scope);
        if (input.Kind != LogicValueKind.Array)
        {
            return accumulator;
        }

        foreach (var item in input.AsArray)
        {
            scope.Spend(bodyCost);
            var frame = new Dictionary<string, LogicValue>(2, StringComparer.Ordinal)
            {
                ["current"] = item,
                ["accumulator"] = accumulator,
            };
            var outer = scope.SwapData(LogicValue.FromObject(new LogicObject(frame)));
            accumulator = callback is null ? LogicValue.Null : callback.Evaluate(ref scope);
            scope.SwapData(outer);
        }

        return accumulator;
    }
}

internal enum Quantifier
{
    All,
    Some,
    None,
}

/// <summary><c>all</c> (false for an empty array), <c>some</c> and <c>none</c> over the elements.</summary>
internal sealed class QuantifierNode(LogicNode source, LogicNode? callback, Quantifier quantifier, int bodyCost) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var input = source.Evaluate(ref scope);
        var items = input.Kind == LogicValueKind.Array ? input.AsArray : [];
        if (items.Length == 0)
        {
            return LogicValue.FromBoolean(quantifier == Quantifier.None);
        }

        foreach (var item in items)
        {
            scope.Spend(bodyCost);
            var outer = scope.SwapData(item);
            var passes = callback is not null && JsConversions.IsTruthy(callback.Evaluate(ref scope));
            scope.SwapData(outer);
            switch (quantifier)
            {
                case Quantifier.All when !passes:
                    return LogicValue.False;
                case Quantifier.Some when passes:
                    return LogicValue.True;
                case Quantifier.None when passes:
                    return LogicValue.False;
            }
        }

        return LogicValue.FromBoolean(quantifier != Quantifier.Some);
    }
}
