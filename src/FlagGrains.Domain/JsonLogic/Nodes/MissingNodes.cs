namespace FlagGrains.Domain.JsonLogic.Nodes;

/// <summary><c>missing</c>: the keys (from an array first argument, or all arguments) that are null or "".</summary>
internal sealed class MissingNode(LogicNode[] arguments) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        if (arguments.Length == 0)
        {
            return LogicValue.EmptyArray;
        }

        var first = arguments[0].Evaluate(ref scope);
        if (first.Kind == LogicValueKind.Array)
        {
            scope.Spend(first.AsArray.Length);
            return LogicValue.FromArray(FindMissing(first.AsArray, scope.Data));
        }

        var keys = new LogicValue[arguments.Length];
        keys[0] = first;
        for (var i = 1; i < arguments.Length; i++)
        {
            keys[i] = arguments[i].Evaluate(ref scope);
        }

        return LogicValue.FromArray(FindMissing(keys, scope.Data));
    }

    public static LogicValue[] FindMissing(LogicValue[] keys, LogicValue data)
    {
        List<LogicValue>? missing = null;
        foreach (var key in keys)
        {
            var value = Lookup(key, data);
            if (value.IsNull || (value.Kind == LogicValueKind.String && value.AsString.Length == 0))
            {
                (missing ??= []).Add(key);
            }
        }

        return missing is null ? [] : missing.ToArray();
    }

    private static LogicValue Lookup(LogicValue key, LogicValue data)
    {
        if (key.IsNull)
        {
            return data;
        }

        var path = JsConversions.ToJsString(key);
        return path.Length == 0 ? data : DataPath.Resolve(data, DataPath.Split(path), LogicValue.Null);
    }
}

/// <summary><c>missing_some</c>: [] when at least N of the keys are present, otherwise the missing keys.</summary>
internal sealed class MissingSomeNode(LogicNode needCount, LogicNode keys) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var need = JsConversions.ToNumber(needCount.Evaluate(ref scope));
        var keyValue = keys.Evaluate(ref scope);
        var keyList = keyValue.Kind == LogicValueKind.Array ? keyValue.AsArray : [keyValue];
        scope.Spend(keyList.Length);
        var missing = MissingNode.FindMissing(keyList, scope.Data);
        var present = keyValue.Kind == LogicValueKind.Array ? keyList.Length - missing.Length : double.NaN;
        return present >= need ? LogicValue.EmptyArray : LogicValue.FromArray(missing);
    }
}
