using FlagGrains.Domain.JsonLogic;

namespace FlagGrains.Domain.Operators;

/// <summary>
/// flagd's <c>sem_ver</c>: [version, operator, target] with =, !=, &lt;, &lt;=, &gt;, &gt;=, ^ (same major),
/// ~ (same major and minor). Numbers are read as their string form (1.2 → "1.2"). Anything unparsable,
/// an unknown operator or a wrong argument count yields null, so targeting falls back to the default.
/// A literal operator and target (the usual case) are parsed once at compile time.
/// </summary>
internal sealed class SemVerNode : LogicNode
{
    private readonly LogicNode _version;
    private readonly LogicNode _operator;
    private readonly LogicNode _target;
    private readonly SemVerOperator _constantOperator;
    private readonly bool _hasConstantTarget;
    private readonly SemanticVersion _constantTarget;

    public SemVerNode(LogicNode version, LogicNode comparison, LogicNode target)
    {
        _version = version;
        _operator = comparison;
        _target = target;
        if (comparison is ConstantNode constantOperator)
        {
            _constantOperator = ParseOperator(constantOperator.Value);
        }

        if (target is ConstantNode constantTarget)
        {
            _hasConstantTarget = TryParseVersion(constantTarget.Value, out _constantTarget);
        }
    }

    private enum SemVerOperator
    {
        Unresolved,
        Invalid,
        Equal,
        NotEqual,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
        SameMajor,
        SameMinor,
    }

    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var op = _constantOperator != SemVerOperator.Unresolved ? _constantOperator : ParseOperator(_operator.Evaluate(ref scope));
        if (op == SemVerOperator.Invalid || !TryParseVersion(_version.Evaluate(ref scope), out var left))
        {
            return LogicValue.Null;
        }

        var right = _constantTarget;
        if (!_hasConstantTarget && !TryParseVersion(_target.Evaluate(ref scope), out right))
        {
            return LogicValue.Null;
        }

        return LogicValue.FromBoolean(op switch
        {
            SemVerOperator.Equal => left.CompareTo(right) == 0,
            SemVerOperator.NotEqual => left.CompareTo(right) != 0,
            SemVerOperator.Less => left.CompareTo(right) < 0,
            SemVerOperator.LessOrEqual => left.CompareTo(right) <= 0,
            SemVerOperator.Greater => left.CompareTo(right) > 0,
            SemVerOperator.GreaterOrEqual => left.CompareTo(right) >= 0,
            SemVerOperator.SameMajor => left.SameMajor(right),
            _ => left.SameMinor(right),
        });
    }

    public static bool IsKnownOperator(string op) => ParseOperator(LogicValue.FromString(op)) != SemVerOperator.Invalid;

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

    private static SemVerOperator ParseOperator(in LogicValue value) =>
        !value.TryGetString(out var text) ? SemVerOperator.Invalid : text switch
        {
            "=" => SemVerOperator.Equal,
            "!=" => SemVerOperator.NotEqual,
            "<" => SemVerOperator.Less,
            "<=" => SemVerOperator.LessOrEqual,
            ">" => SemVerOperator.Greater,
            ">=" => SemVerOperator.GreaterOrEqual,
            "^" => SemVerOperator.SameMajor,
            "~" => SemVerOperator.SameMinor,
            _ => SemVerOperator.Invalid,
        };
}
