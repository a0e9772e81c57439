using System.Text;
using FlagGrains.Domain.Bucketing;

namespace FlagGrains.Domain.JsonLogic.Nodes;

/// <summary><c>cat</c>: operands joined as JavaScript strings (null joins as "").</summary>
internal sealed class CatNode(LogicNode[] arguments) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        switch (arguments.Length)
        {
            case 0:
                return LogicValue.EmptyString;
            case 1:
                var only = arguments[0].Evaluate(ref scope);
                return only.Kind == LogicValueKind.String ? only : LogicValue.FromString(JsConversions.ToJoinString(only));
            case 2:
                var (a, b) = (Part(ref scope, 0), Part(ref scope, 1));
                PayFor(ref scope, a.Length + b.Length);
                return LogicValue.FromString(string.Concat(a, b));
            case 3:
                var (first, second, third) = (Part(ref scope, 0), Part(ref scope, 1), Part(ref scope, 2));
                PayFor(ref scope, first.Length + second.Length + third.Length);
                return LogicValue.FromString(string.Concat(first, second, third));
            default:
                var builder = new StringBuilder();
                for (var i = 0; i < arguments.Length; i++)
                {
                    var part = Part(ref scope, i);
                    PayFor(ref scope, part.Length);
                    builder.Append(part);
                }

                return LogicValue.FromString(builder.ToString());
        }
    }

    /// <summary>
    /// Hashes the UTF-8 of the joined string without building it: <c>cat</c> of the flag key and an
    /// attribute is flagd's recommended fractional bucketing key, so this keeps that path allocation-free.
    /// False (caller evaluates normally) when a part would need number formatting.
    /// </summary>
    public bool TryHashUtf8(ref EvaluationScope scope, out uint hash)
    {
        hash = 0;
        var state = new MurmurHash3.Incremental(0);
        foreach (var argument in arguments)
        {
            var value = argument.Evaluate(ref scope);
            var text = value.Kind switch
            {
                LogicValueKind.String => value.AsString,
                LogicValueKind.Null => string.Empty,
                LogicValueKind.Boolean => value.AsBoolean ? "true" : "false",
                _ => null,
            };

            // A surrogate pair split across parts encodes differently apart than joined.
            if (text is null || (text.Length > 0 && (char.IsHighSurrogate(text[^1]) || char.IsLowSurrogate(text[0]))))
            {
                return false;
            }

            FractionalBucketing.AppendUtf8(ref state, text);
        }

        hash = state.Finish();
        return true;
    }

    /// <summary>
    /// Text is paid for before it is built: a rule that doubles a string in a loop would otherwise exhaust memory
    /// within a few dozen steps.
    /// </summary>
    private static void PayFor(ref EvaluationScope scope, long characters) =>
        scope.Spend((int)Math.Min(int.MaxValue, characters / CharactersPerStep));

    /// <summary>Characters of built text that cost one step.</summary>
    public const int CharactersPerStep = 16;

    private string Part(ref EvaluationScope scope, int index)
    {
        var value = arguments[index].Evaluate(ref scope);
        return value.Kind == LogicValueKind.String ? value.AsString : JsConversions.ToJoinString(value);
    }
}

/// <summary>
/// <c>substr</c>: JavaScript String.prototype.substr(start, length) over UTF-16 code units; negative
/// start counts from the end, negative length drops that many characters from the end.
/// </summary>
internal sealed class SubstrNode(LogicNode source, LogicNode? start, LogicNode? length) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var text = JsConversions.ToJsString(source.Evaluate(ref scope));
        var from = ClampStart(start is null ? 0 : ToInteger(JsConversions.ToNumber(start.Evaluate(ref scope))), text.Length);
        var rest = text.Length - from;
        if (length is null)
        {
            return LogicValue.FromString(text.Substring(from));
        }

        var lengthValue = length.Evaluate(ref scope);
        var count = ToInteger(JsConversions.ToNumber(lengthValue));
        var take = count < 0 ? Math.Max(0, rest + count) : Math.Min(rest, count);
        return LogicValue.FromString(text.Substring(from, (int)take));
    }

    private static int ClampStart(double start, int length)
    {
        if (start < 0)
        {
            return (int)Math.Max(0, length + start);
        }

        return (int)Math.Min(start, length);
    }

    private static double ToInteger(double value) => double.IsNaN(value) ? 0 : Math.Truncate(value);
}

/// <summary><c>in</c>: membership in an array (strict equality) or substring of a string.</summary>
internal sealed class InNode(LogicNode needle, LogicNode haystack) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var item = needle.Evaluate(ref scope);
        var container = haystack.Evaluate(ref scope);
        scope.Spend(container.Kind switch
        {
            LogicValueKind.Array => container.AsArray.Length,
            LogicValueKind.String => container.AsString.Length / CatNode.CharactersPerStep,
            _ => 0,
        });
        return LogicValue.FromBoolean(Contains(container, item));
    }

    public static bool Contains(in LogicValue container, in LogicValue item)
    {
        switch (container.Kind)
        {
            case LogicValueKind.String:
                return container.AsString.Contains(JsConversions.ToJsString(item), StringComparison.Ordinal);
            case LogicValueKind.Array:
                foreach (var candidate in container.AsArray)
                {
                    if (JsConversions.StrictEquals(candidate, item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}

/// <summary><c>in</c> against a constant list of strings: a hash lookup instead of a scan.</summary>
internal sealed class InStringSetNode(LogicNode needle, HashSet<string> members) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        var item = needle.Evaluate(ref scope);
        return LogicValue.FromBoolean(item.TryGetString(out var text) && members.Contains(text));
    }
}
