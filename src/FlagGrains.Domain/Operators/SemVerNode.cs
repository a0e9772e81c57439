using FlagGrains.Domain.JsonLogic;

namespace FlagGrains.Domain.Operators;

/// <summary>
/// flagd's <c>sem_ver</c>: [version, operator, target] with =, !=, &lt;, &lt;=, &gt;, &gt;=, ^ (same major),
/// ~ (same major and minor). Numbers are read as their string form (1.2 → "1.2"). Anything unparsable,
/// an unknown operator or a wrong argument count yields null, so targeting falls back to the default.
/// </summary>
internal sealed class SemVerNode : LogicNode
{
    private readonly LogicNode _version;
    private readonly LogicNode _operator;
    private readonly LogicNode _target;

    public SemVerNode(LogicNode version, LogicNode comparison, LogicNode target)
    {
        _version = version;
        _operator = comparison;
        _target = target;
    }

    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var comparison = _operator.Evaluate(ref scope);
        if (!TryParseVersion(_version.Evaluate(ref scope), out var left)
            || !comparison.TryGetString(out var op)
            || !TryParseVersion(_target.Evaluate(ref scope), out var right))
        {
            return LogicValue.Null;
        }

        return op switch
        {
            "=" => LogicValue.FromBoolean(left.CompareTo(right) == 0),
            "!=" => LogicValue.FromBoolean(left.CompareTo(right) != 0),
            "<" => LogicValue.FromBoolean(left.CompareTo(right) < 0),
            "<=" => LogicValue.FromBoolean(left.CompareTo(right) <= 0),
            ">" => LogicValue.FromBoolean(left.CompareTo(right) > 0),
            ">=" => LogicValue.FromBoolean(left.CompareTo(right) >= 0),
            "^" => LogicValue.FromBoolean(left.SameMajor(right)),
            "~" => LogicValue.FromBoolean(left.SameMinor(right)),
            _ => LogicValue.Null,
        };
    }

    public static bool IsKnownOperator(string op) => op is "=" or "!=" or "<" or "<=" or ">" or ">=" or "^" or "~";

    public static bool TryParseVersion(in LogicValue value, out SemanticVersion version)
    {
        version = default;
        return value.Kind switch
        {
            LogicValueKind.String => SemanticVersion.TryParse(value.AsString, out version),
            LogicValueKind.Number => SemanticVersion.TryParse(JsConversions.ToJsString(value), out version),
            _ => false,
        };
    }
}
