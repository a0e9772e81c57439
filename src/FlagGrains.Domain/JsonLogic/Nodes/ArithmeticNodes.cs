namespace FlagGrains.Domain.JsonLogic.Nodes;

/// <summary><c>+</c>: sum of the operands read with JavaScript parseFloat ("+" of one string casts it).</summary>
internal sealed class AddNode(LogicNode[] arguments) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        double sum = 0;
        foreach (var argument in arguments)
        {
            sum += JsConversions.ParseFloat(argument.Evaluate(ref scope));
        }

        return LogicValue.FromNumber(sum);
    }
}

/// <summary><c>*</c>: product with parseFloat; a single operand is returned unchanged, none is null.</summary>
internal sealed class MultiplyNode(LogicNode[] arguments) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        if (arguments.Length == 0)
        {
            return LogicValue.Null;
        }

        var first = arguments[0].Evaluate(ref scope);
        if (arguments.Length == 1)
        {
            return first;
        }

        var product = JsConversions.ParseFloat(first);
        for (var i = 1; i < arguments.Length; i++)
        {
            product *= JsConversions.ParseFloat(arguments[i].Evaluate(ref scope));
        }

        return LogicValue.FromNumber(product);
    }
}

/// <summary><c>-</c>, <c>/</c>, <c>%</c> with JavaScript number coercion; a lone <c>-</c> operand is negated.</summary>
internal sealed class BinaryArithmeticNode(LogicNode? left, LogicNode? right, char operation) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var a = left is null ? double.NaN : JsConversions.ToNumber(left.Evaluate(ref scope));
        if (right is null)
        {
            return LogicValue.FromNumber(operation == '-' ? -a : double.NaN);
        }

        var b = JsConversions.ToNumber(right.Evaluate(ref scope));
        return LogicValue.FromNumber(operation switch
        {
            '-' => a - b,
            '/' => a / b,
            _ => a % b,
        });
    }
}

/// <summary><c>min</c> / <c>max</c> of the operands as numbers; null without operands.</summary>
internal sealed class MinMaxNode(LogicNode[] arguments, bool max) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        if (arguments.Length == 0)
        {
            return LogicValue.Null;
        }

        var result = max ? double.NegativeInfinity : double.PositiveInfinity;
        foreach (var argument in arguments)
        {
            var value = JsConversions.ToNumber(argument.Evaluate(ref scope));
            if (double.IsNaN(value))
            {
                return LogicValue.FromNumber(double.NaN);
            }

            result = max ? Math.Max(result, value) : Math.Min(result, value);
        }

        return LogicValue.FromNumber(result);
    }
}
