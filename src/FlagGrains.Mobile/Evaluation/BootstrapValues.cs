using System.Text.Json;

namespace FlagGrains.Mobile.Evaluation;

/// <summary>Turns the app's bootstrap dictionary into a flag set; unsupported value types are a programming error.</summary>
internal static class BootstrapValues
{
    public static FlagSet ToFlagSet(IReadOnlyDictionary<string, object?> values)
    {
        var flags = new List<FlagEvaluation>(values.Count);
        foreach (var pair in values)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                switch (pair.Value)
                {
                    case bool b: writer.WriteBooleanValue(b); break;
                    case string s: writer.WriteStringValue(s); break;
                    case int i: writer.WriteNumberValue(i); break;
                    case long l: writer.WriteNumberValue(l); break;
                    case double d: writer.WriteNumberValue(d); break;
                    case float f: writer.WriteNumberValue(f); break;
                    case decimal m: writer.WriteNumberValue(m); break;
                    case JsonElement e: e.WriteTo(writer); break;
                    default: throw new ArgumentException($"Bootstrap value of '{pair.Key}' must be bool, string, a number or JsonElement.");
                }
            }

            using var document = JsonDocument.Parse(buffer.ToArray());
            flags.Add(new FlagEvaluation(pair.Key, document.RootElement.Clone(), Reasons.Static, null, null, null));
        }

        return FlagSet.From(flags, FlagValueSource.Bootstrap, null);
    }
}
