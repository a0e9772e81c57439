using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace FlagGrains.Mobile;

/// <summary>
/// Who is asking: a targeting key (user or device) and attributes rules may use. Immutable. Without a targeting key
/// the client uses the device's persisted id, so anonymous users keep their buckets across launches.
/// </summary>
public sealed class EvaluationContext
{
    private readonly SortedDictionary<string, object?> _attributes;

    public EvaluationContext(string? targetingKey = null, IEnumerable<KeyValuePair<string, object?>>? attributes = null)
    {
        TargetingKey = string.IsNullOrEmpty(targetingKey) ? null : targetingKey;
        _attributes = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        if (attributes is null) return;
        foreach (var pair in attributes)
        {
            if (pair.Key == "targetingKey") throw new ArgumentException("Pass the targeting key as targetingKey, not as an attribute.", nameof(attributes));
            EnsureSupported(pair.Key, pair.Value);
            _attributes[pair.Key] = pair.Value;
        }
    }

    /// <summary>No targeting key and no attributes: the device id becomes the targeting key.</summary>
    public static EvaluationContext Anonymous { get; } = new();

    public string? TargetingKey { get; }

    /// <summary>Attributes in ordinal key order.</summary>
    public IReadOnlyDictionary<string, object?> Attributes => _attributes;

    /// <summary>Starts a context: <c>EvaluationContext.For("user-42").With("appVersion", "2.1.0").Build()</c>.</summary>
    public static EvaluationContextBuilder For(string? targetingKey) => new(targetingKey);

    public EvaluationContext WithTargetingKey(string targetingKey) => new(targetingKey, _attributes);

    /// <summary>The OFREP request body; attribute order is fixed, so equal contexts give equal bytes (and ETags).</summary>
    internal byte[] ToRequestJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("context");
            writer.WriteStartObject();
            if (TargetingKey is not null) writer.WriteString("targetingKey", TargetingKey);
            foreach (var pair in _attributes)
            {
                writer.WritePropertyName(pair.Key);
                WriteValue(writer, pair.Value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case float f: writer.WriteNumberValue(f); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case DateTimeOffset t: writer.WriteStringValue(t.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture)); break;
            case DateTime t: writer.WriteStringValue(t.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture)); break;
            case JsonElement e: e.WriteTo(writer); break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var pair in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(pair.Key);
                    WriteValue(writer, pair.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"Unsupported attribute type {value.GetType().Name}.");
        }
    }

    private static void EnsureSupported(string key, object? value)
    {
        var supported = value is null or string or bool or int or long or double or float or decimal or DateTimeOffset or DateTime or JsonElement
            or IEnumerable<KeyValuePair<string, object?>> or IEnumerable;
        if (!supported) throw new ArgumentException($"Attribute '{key}' has unsupported type {value!.GetType().Name}; use strings, numbers, booleans, dates, lists or dictionaries.");
    }
}
