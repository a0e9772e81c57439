using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// The bytes of the event stream (W3C server-sent events). Every notification is OFREP's
/// <c>refetchEvaluation</c>; its id is the environment version, so <c>Last-Event-ID</c> says what a client has seen.
/// </summary>
public static class SseFrames
{
    // Readable "\"v12\"" instead of "\u0022v12\u0022"; nothing here is ever embedded in HTML.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A comment line: ignored by clients, but traffic for proxies that close idle connections.</summary>
    public static ReadOnlySpan<byte> Heartbeat => ": keep-alive\n\n"u8;

    /// <summary><see cref="Heartbeat"/> as memory, for writes that hand the frame over whole.</summary>
    public static ReadOnlyMemory<byte> HeartbeatFrame { get; } = Heartbeat.ToArray();

    public static void WritePreamble(IBufferWriter<byte> output, TimeSpan reconnectDelay)
    {
        var millis = ((long)reconnectDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        Write(output, $"retry: {millis}\n: flaggrains event stream\n\n");
    }

    public static void WriteRefetch(IBufferWriter<byte> output, long version, DateTimeOffset lastModified)
    {
        var id = version.ToString(CultureInfo.InvariantCulture);
        Write(output, $"id: {id}\nevent: message\ndata: ");
        using (var json = new Utf8JsonWriter(output, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "refetchEvaluation"u8);
            json.WriteString("etag"u8, EntityTag.ForVersion(version));
            json.WriteNumber("lastModified"u8, lastModified.ToUnixTimeSeconds());
            json.WriteEndObject();
        }

        output.Write("\n\n"u8);
    }

    private static void Write(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
