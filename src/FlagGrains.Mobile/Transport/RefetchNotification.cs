using System.Text.Json;

namespace FlagGrains.Mobile.Transport;

/// <summary>
/// Reads an OFREP change notification (ADR-0008): an SSE <c>message</c> whose JSON data has
/// <c>"type":"refetchEvaluation"</c> and optionally <c>etag</c> and <c>lastModified</c> (seconds or a date string),
/// which the re-fetch echoes. Anything else (unknown types, malformed data) is not a notification and is ignored.
/// </summary>
internal static class RefetchNotification
{
    public static RefetchMetadata? TryRead(SseEvent received)
    {
        if (received.Type != "message") return null;
        try
        {
            using var data = JsonDocument.Parse(received.Data);
            var root = data.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "refetchEvaluation")
            {
                return null;
            }

            return new RefetchMetadata(
                root.TryGetProperty("etag", out var etag) && etag.ValueKind == JsonValueKind.String ? etag.GetString() : null,
                root.TryGetProperty("lastModified", out var modified) && modified.ValueKind is JsonValueKind.Number or JsonValueKind.String
                    ? modified.ValueKind == JsonValueKind.String ? modified.GetString() : modified.GetRawText()
                    : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
