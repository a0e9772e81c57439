using System.Globalization;

namespace FlagGrains.Domain.JsonLogic.Nodes;

/// <summary>
/// Dotted-path lookup with the reference implementation's rules for <c>var</c>: JavaScript property access,
/// so a string is indexed by UTF-16 code unit and strings and arrays have a <c>length</c> (json-logic-js and
/// json-logic-engine agree on both).
/// </summary>
internal static class DataPath
{
    private const string LengthProperty = "length";

    public static string[] Split(string path) => path.Length == 0 ? [] : path.Split('.');

    /// <summary>
    /// False when a segment is absent ("undefined", so var falls back to its default). A present null
    /// is found and returned as null, except that stepping through it is absent.
    /// </summary>
    public static bool TryResolve(LogicValue data, string[] segments, out LogicValue value)
    {
        value = data;
        foreach (var segment in segments)
        {
            switch (value.Kind)
            {
                case LogicValueKind.Object:
                    if (!value.AsObject.TryGetValue(segment, out value))
                    {
                        return false;
                    }

                    break;
                case LogicValueKind.Array:
                    if (segment == LengthProperty)
                    {
                        value = LogicValue.FromNumber(value.AsArray.Length);
                        break;
                    }

                    if (!TryParseIndex(segment, out var index) || index >= value.AsArray.Length)
                    {
                        return false;
                    }

                    value = value.AsArray[index];
                    break;
                case LogicValueKind.String:
                    var text = value.AsString;
                    if (segment == LengthProperty)
                    {
                        value = LogicValue.FromNumber(text.Length);
                        break;
                    }

                    if (!TryParseIndex(segment, out var position) || position >= text.Length)
                    {
                        return false;
                    }

                    value = LogicValue.FromString(text[position].ToString());
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    public static LogicValue Resolve(LogicValue data, string[] segments, LogicValue fallback) =>
        TryResolve(data, segments, out var value) ? value : fallback;

    /// <summary>Canonical array indices only ("1", not "01" or "+1"), as JavaScript property keys behave.</summary>
    private static bool TryParseIndex(string segment, out int index)
    {
        index = 0;
        if (segment.Length == 0 || (segment.Length > 1 && segment[0] == '0'))
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
