namespace FlagGrains.Domain.JsonLogic.Nodes;

/// <summary><c>var</c> with a path known at compile time (pre-split, so lookups allocate nothing).</summary>
internal sealed class VarNode(string[] segments, LogicNode? fallback) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        if (DataPath.TryResolve(scope.Data, segments, out var value))
        {
            return value;
        }

        return fallback is null ? LogicValue.Null : fallback.Evaluate(ref scope);
    }
}

/// <summary><c>var</c> whose path is itself computed by a rule.</summary>
internal sealed class DynamicVarNode(LogicNode path, LogicNode? fallback) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var pathValue = path.Evaluate(ref scope);
        if (pathValue.IsNull)
        {
            return scope.Data;
        }

        var text = JsConversions.ToJsString(pathValue);
        if (text.Length == 0)
        {
            return scope.Data;
        }

        if (DataPath.TryResolve(scope.Data, DataPath.Split(text), out var value))
        {
            return value;
        }

        return fallback is null ? LogicValue.Null : fallback.Evaluate(ref scope);
    }
}

/// <summary><c>$flagd.timestamp</c>: Unix seconds at evaluation time.</summary>
internal sealed class TimestampNode : LogicNode
{
    public static TimestampNode Instance { get; } = new();

    public override LogicValue Evaluate(ref EvaluationScope scope) => LogicValue.FromNumber(scope.Timestamp);
}

/// <summary>The whole <c>$flagd</c> object (rare; allocates).</summary>
internal sealed class FlagdPropertiesNode(string flagKey) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var properties = new Dictionary<string, LogicValue>(StringComparer.Ordinal)
        {
            ["flagKey"] = LogicValue.FromString(flagKey),
            ["timestamp"] = LogicValue.FromNumber(scope.Timestamp),
        };
        return LogicValue.FromObject(new LogicObject(properties));
    }
}
