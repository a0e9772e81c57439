using System.Text.Json;
using FlagGrains.Mobile.Evaluation;

namespace FlagGrains.Mobile.Transport;

/// <summary>Reads an OFREP bulk evaluation body; null when it is not one (a proxy page, a truncated body).</summary>
internal static class BulkResponseReader
{
    public static (IReadOnlyList<FlagEvaluation> Flags, StreamLink? Stream)? Read(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("flags", out var flags) || flags.ValueKind != JsonValueKind.Array) return null;

            var evaluations = flags.EnumerateArray().Select(FlagEvaluation.Read).Where(f => f is not null).Select(f => f!).ToList();
            return (evaluations, ReadStream(root));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The first SSE entry with a usable absolute URL; unknown types are ignored, as ADR-0008 asks.</summary>
    private static StreamLink? ReadStream(JsonElement root)
    {
        if (!root.TryGetProperty("eventStreams", out var streams) || streams.ValueKind != JsonValueKind.Array) return null;
        foreach (var stream in streams.EnumerateArray())
        {
            if (stream.ValueKind != JsonValueKind.Object
                || !stream.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "sse"
                || !stream.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                continue;
            }

            TimeSpan? inactivity = stream.TryGetProperty("inactivityDelaySec", out var delay) && delay.TryGetInt32(out var seconds) && seconds >= 1
                ? TimeSpan.FromSeconds(seconds)
                : null;
            return new StreamLink(uri, inactivity);
        }

        return null;
    }
}
