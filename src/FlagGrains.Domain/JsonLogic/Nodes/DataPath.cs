using System.Globalization;

namespace FlagGrains.Domain.JsonLogic.Nodes;

/// <summary>Dotted-path lookup with the reference implementation's rules for <c>var</c>.</summary>
internal static class DataPath
{
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
                    if (!TryParseIndex(segment, out var index) || index >= value.AsArray.Length)
                    {
                        return false;
                    }

                    value = value.AsArray[index];
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
