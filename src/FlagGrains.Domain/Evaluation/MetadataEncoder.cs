using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlagGrains.Domain.Evaluation;

/// <summary>Pre-encodes metadata as compact UTF-8 JSON objects at compile time.</summary>
internal static class MetadataEncoder
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Flag-set entries overridden by the flag's own; empty when both are absent or empty.</summary>
    public static byte[] Merge(JsonElement? flagSetMetadata, JsonElement? flagMetadata)
    {
        var merged = new List<KeyValuePair<string, JsonElement>>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in new[] { flagSetMetadata, flagMetadata })
        {
            if (source is not { ValueKind: JsonValueKind.Object } metadata)
            {
                continue;
            }

            foreach (var entry in metadata.EnumerateObject())
            {
                if (positions.TryGetValue(entry.Name, out var position))
                {
                    merged[position] = new(entry.Name, entry.Value);
                }
                else
                {
                    positions[entry.Name] = merged.Count;
                    merged.Add(new(entry.Name, entry.Value));
                }
            }
        }

        if (merged.Count == 0)
        {
            return [];
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in merged)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
