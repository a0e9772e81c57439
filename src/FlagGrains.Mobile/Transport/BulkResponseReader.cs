using System.Text.Json;
using FlagGrains.Mobile.Evaluation;

namespace FlagGrains.Mobile.Transport;

/// <summary>Reads an OFREP bulk evaluation body; null when it is not one (a proxy page, a truncated body).</summary>
internal static class BulkResponseReader
{
    /// <param name="body">The response body.</param>
    /// <param name="baseUrl">The configured service URL: its origin completes an <c>endpoint</c> that names none.</param>
    public static (IReadOnlyList<FlagEvaluation> Flags, StreamLink? Stream)? Read(byte[] body, Uri baseUrl)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("flags", out var flags) || flags.ValueKind != JsonValueKind.Array) return null;

            var evaluations = flags.EnumerateArray().Select(FlagEvaluation.Read).Where(f => f is not null).Select(f => f!).ToList();
            return (evaluations, ReadStream(root, baseUrl));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The first SSE entry with a usable absolute URL; unknown types are ignored, as ADR-0008 asks.</summary>
    private static StreamLink? ReadStream(JsonElement root, Uri baseUrl)
    {
        if (!root.TryGetProperty("eventStreams", out var streams) || streams.ValueKind != JsonValueKind.Array) return null;
        foreach (var stream in streams.EnumerateArray())
        {
            if (stream.ValueKind != JsonValueKind.Object
                || !stream.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "sse"
                || UrlOf(stream, baseUrl) is not { } uri)
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

    /// <summary>
    /// <c>url</c> as given, or <c>endpoint</c>: <c>origin</c> (default: the configured service's origin, which lets
    /// a proxy in front of the service keep its own host) followed by <c>requestUri</c>. Only http(s).
    /// </summary>
    private static Uri? UrlOf(JsonElement stream, Uri baseUrl)
    {
        string? text = null;
        if (stream.TryGetProperty("url", out var url))
        {
            text = url.ValueKind == JsonValueKind.String ? url.GetString() : null;
        }
        else if (stream.TryGetProperty("endpoint", out var endpoint) && endpoint.ValueKind == JsonValueKind.Object
                 && endpoint.TryGetProperty("requestUri", out var requestUri) && requestUri.ValueKind == JsonValueKind.String)
        {
            var origin = endpoint.TryGetProperty("origin", out var given) && given.ValueKind == JsonValueKind.String
                ? given.GetString()!
                : baseUrl.GetLeftPart(UriPartial.Authority);
            var target = requestUri.GetString()!;
            text = origin.TrimEnd('/') + (target.StartsWith("/", StringComparison.Ordinal) ? target : "/" + target);
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
    }
}
