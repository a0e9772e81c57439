using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>Converts JSON and CLR values into <see cref="LogicValue"/> trees.</summary>
internal static class LogicValueConverter
{
    /// <summary>Deeper structures are rejected: they cannot be targeting input and could be cyclic.</summary>
    public const int MaxDepth = 64;

    public static LogicValue FromElement(JsonElement element, int depth = 0)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.True:
                return LogicValue.True;
            case JsonValueKind.False:
                return LogicValue.False;
            case JsonValueKind.String:
                return LogicValue.FromString(JsonStrings.Read(element));
            case JsonValueKind.Number:
                return LogicValue.FromNumber(ReadNumber(element));
            case JsonValueKind.Array:
                EnsureDepth(depth);
                var items = new LogicValue[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[i++] = FromElement(item, depth + 1);
                }

                return LogicValue.FromArray(items);
            case JsonValueKind.Object:
                EnsureDepth(depth);
                var builder = new LogicObject.Builder(element.GetPropertyCount());
                foreach (var property in element.EnumerateObject())
                {
                    builder.Add(JsonStrings.PropertyName(property), FromElement(property.Value, depth + 1));
                }

                return LogicValue.FromObject(builder.Build());
            default:
                return LogicValue.Null;
        }
    }

    /// <summary>JSON numbers beyond double range become ±Infinity, as JSON.parse does.</summary>
    public static double ReadNumber(JsonElement element) =>
        element.TryGetDouble(out var value)
            ? value
            : double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static LogicValue FromObject(object? value, int depth = 0)
    {
        switch (value)
        {
            case null:
                return LogicValue.Null;
            case LogicValue logicValue:
                return logicValue;
            case string text:
                return LogicValue.FromString(text);
            case bool flag:
                return LogicValue.FromBoolean(flag);
            case char character:
                return LogicValue.FromString(character.ToString());
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal:
                return LogicValue.FromNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case DateTimeOffset instant:
                return LogicValue.FromString(instant.ToString("O", CultureInfo.InvariantCulture));
            case DateTime dateTime:
                return LogicValue.FromString(dateTime.ToString("O", CultureInfo.InvariantCulture));
            case Guid guid:
                return LogicValue.FromString(guid.ToString());
            case Enum enumValue:
                return LogicValue.FromString(enumValue.ToString());
            case JsonElement element:
                return FromElement(element, depth);
            case JsonDocument document:
                return FromElement(document.RootElement, depth);
            case IReadOnlyDictionary<string, object?> readOnlyMap:
                EnsureDepth(depth);
                return FromPairs(readOnlyMap, depth, readOnlyMap.Count);
            case IDictionary map:
                EnsureDepth(depth);
                var converted = new Dictionary<string, LogicValue>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in map)
                {
                    converted[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = FromObject(entry.Value, depth + 1);
                }

                return LogicValue.FromObject(new LogicObject(converted));
            case IEnumerable sequence:
                EnsureDepth(depth);
                var list = new List<LogicValue>();
                foreach (var item in sequence)
                {
                    list.Add(FromObject(item, depth + 1));
                }

                return LogicValue.FromArray(list.ToArray());
            default:
                return LogicValue.FromString(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }

    public static LogicValue FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs, int depth, int capacity = LogicObject.ScanLimit)
    {
        var builder = new LogicObject.Builder(capacity);
        foreach (var (key, item) in pairs)
        {
            builder.Add(key, FromObject(item, depth + 1));
        }

        return LogicValue.FromObject(builder.Build());
    }

    private static void EnsureDepth(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new ArgumentException($"Context values may nest at most {MaxDepth} levels (cyclic structure?).");
        }
    }
}
