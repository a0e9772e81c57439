using System.Text;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// JavaScript coercion rules. JsonLogic is specified by its JavaScript reference implementation, so
/// truthiness, equality and number/string conversion follow ECMAScript, not .NET conventions.
/// </summary>
internal static class JsConversions
{
    /// <summary>
    /// Longest string a list may turn into. Lists are paid for when a rule builds them, but joining a list that holds
    /// the same long string many times would not be; no flag compares against a megabyte of text.
    /// </summary>
    public const int MaxJoinedLength = 1 << 20;

    public static bool IsTruthy(in LogicValue value) => value.Kind switch
    {
        LogicValueKind.Boolean => value.AsBoolean,
        LogicValueKind.Number => value.AsNumber != 0 && !double.IsNaN(value.AsNumber),
        LogicValueKind.String => value.AsString.Length != 0,
        // JsonLogic (unlike JavaScript) treats the empty array as falsy.
        LogicValueKind.Array => value.AsArray.Length != 0,
        LogicValueKind.Object => true,
        _ => false,
    };

    public static double ToNumber(in LogicValue value) => value.Kind switch
    {
        LogicValueKind.Null => 0,
        LogicValueKind.Boolean => value.AsBoolean ? 1 : 0,
        LogicValueKind.Number => value.AsNumber,
        LogicValueKind.String => JsNumberParser.StringToNumber(value.AsString),
        LogicValueKind.Array => ArrayToNumber(value.AsArray),
        _ => double.NaN,
    };

    /// <summary>JavaScript <c>parseFloat</c>: the longest numeric prefix, used by JsonLogic's + and *.</summary>
    public static double ParseFloat(in LogicValue value)
    {
        if (value.Kind == LogicValueKind.Number)
        {
            return value.AsNumber;
        }

        if (value.Kind is LogicValueKind.Null or LogicValueKind.Boolean or LogicValueKind.Object)
        {
            return double.NaN;
        }

        var text = value.Kind == LogicValueKind.String ? value.AsString : ToJsString(value);
        return JsNumberParser.ParseFloatPrefix(text.AsSpan().TrimStart());
    }

    public static string ToJsString(in LogicValue value) => value.Kind switch
    {
        LogicValueKind.Null => "null",
        LogicValueKind.Boolean => value.AsBoolean ? "true" : "false",
        LogicValueKind.Number => JsNumberFormatter.Format(value.AsNumber),
        LogicValueKind.String => value.AsString,
        LogicValueKind.Array => JoinArray(value.AsArray),
        _ => "[object Object]",
    };

    /// <summary>String form used when joining (Array.prototype.join turns null into "").</summary>
    public static string ToJoinString(in LogicValue value) =>
        value.Kind == LogicValueKind.Null ? string.Empty : ToJsString(value);

    public static bool StrictEquals(in LogicValue left, in LogicValue right)
    {
        if (left.Kind != right.Kind)
        {
            return false;
        }

        return left.Kind switch
        {
            LogicValueKind.Null => true,
            LogicValueKind.Boolean => left.AsBoolean == right.AsBoolean,
            // NaN never equals itself, matching IEEE and JavaScript.
            LogicValueKind.Number => left.AsNumber == right.AsNumber,
            LogicValueKind.String => string.Equals(left.AsString, right.AsString, StringComparison.Ordinal),
            LogicValueKind.Array => ReferenceEquals(left.AsArray, right.AsArray),
            _ => ReferenceEquals(left.AsObject, right.AsObject),
        };
    }

    /// <summary>JavaScript abstract equality (<c>==</c>).</summary>
    public static bool LooseEquals(in LogicValue left, in LogicValue right)
    {
        while (true)
        {
            if (left.Kind == right.Kind)
            {
                return StrictEquals(left, right);
            }

            if (left.Kind == LogicValueKind.Null || right.Kind == LogicValueKind.Null)
            {
                return false;
            }

            if (left.Kind == LogicValueKind.Number && right.Kind == LogicValueKind.String)
            {
                return left.AsNumber == JsNumberParser.StringToNumber(right.AsString);
            }

            if (left.Kind == LogicValueKind.String && right.Kind == LogicValueKind.Number)
            {
                return JsNumberParser.StringToNumber(left.AsString) == right.AsNumber;
            }

            if (left.Kind == LogicValueKind.Boolean)
            {
                return LooseEquals(LogicValue.FromNumber(left.AsBoolean ? 1 : 0), right);
            }

            if (right.Kind == LogicValueKind.Boolean)
            {
                return LooseEquals(left, LogicValue.FromNumber(right.AsBoolean ? 1 : 0));
            }

            var leftIsComposite = left.Kind is LogicValueKind.Array or LogicValueKind.Object;
            var rightIsComposite = right.Kind is LogicValueKind.Array or LogicValueKind.Object;
            if (leftIsComposite && !rightIsComposite)
            {
                return LooseEquals(ToPrimitive(left), right);
            }

            if (rightIsComposite && !leftIsComposite)
            {
                return LooseEquals(left, ToPrimitive(right));
            }

            return false;
        }
    }

    /// <summary>
    /// JavaScript abstract relational comparison. Returns -1, 0 or 1, or null when the operands are
    /// incomparable (NaN involved), in which case every relational operator yields false.
    /// </summary>
    public static int? Compare(in LogicValue left, in LogicValue right)
    {
        var l = ToPrimitive(left);
        var r = ToPrimitive(right);
        if (l.Kind == LogicValueKind.String && r.Kind == LogicValueKind.String)
        {
            return Math.Sign(string.CompareOrdinal(l.AsString, r.AsString));
        }

        var ln = ToNumber(l);
        var rn = ToNumber(r);
        if (double.IsNaN(ln) || double.IsNaN(rn))
        {
            return null;
        }

        return ln < rn ? -1 : ln > rn ? 1 : 0;
    }

    public static LogicValue ToPrimitive(in LogicValue value) => value.Kind switch
    {
        LogicValueKind.Array or LogicValueKind.Object => LogicValue.FromString(ToJsString(value)),
        _ => value,
    };

    private static double ArrayToNumber(LogicValue[] items) => items.Length switch
    {
        0 => 0,
        1 => ToNumber(LogicValue.FromString(ToJoinString(items[0]))),
        _ => double.NaN,
    };

    private static string JoinArray(LogicValue[] items)
    {
        if (items.Length == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(ToJoinString(items[i]));
            if (builder.Length > MaxJoinedLength)
            {
                throw new RuleBudgetExceededException($"A list joined into text would exceed {MaxJoinedLength} characters.");
            }
        }

        return builder.ToString();
    }
}
