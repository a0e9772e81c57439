using System.Text.Json;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>One entry of a bulk response's <c>eventStreams</c>: <c>{"type":"sse","url":…,"inactivityDelaySec":…}</c>.</summary>
public sealed record EventStreamLink(string Url, int InactivityDelaySec)
{
    /// <summary>
    /// <c>"eventStreams":[{…}]</c> as bytes, made once: links are cached per key and credential window, so bulk
    /// answers copy this instead of writing it.
    /// </summary>
    public byte[] EventStreamsProperty { get; } = Encode(Url, InactivityDelaySec);

    private static byte[] Encode(string url, int inactivityDelaySec)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            // Written inside a throwaway object so the writer accepts a property; the braces are cut off below.
            writer.WriteStartObject();
            writer.WriteStartArray("eventStreams"u8);
            writer.WriteStartObject();
            writer.WriteString("type"u8, "sse"u8);
            writer.WriteString("url"u8, url);
            writer.WriteNumber("inactivityDelaySec"u8, inactivityDelaySec);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray()[1..^1];
    }
}
