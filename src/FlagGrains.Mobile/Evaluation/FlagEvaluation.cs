using System.Text.Json;

namespace FlagGrains.Mobile.Evaluation;

/// <summary>One flag as the server evaluated it (an OFREP bulk entry). Immutable; its JSON value is detached.</summary>
internal sealed class FlagEvaluation(string key, JsonElement? value, string reason, string? variant, string? errorCode, string? errorDetails)
{
    public string Key { get; } = key;

    /// <summary>Absent when the server says "use the code default" (e.g. a disabled flag).</summary>
    public JsonElement? Value { get; } = value;

    public string Reason { get; } = reason;

    public string? Variant { get; } = variant;

    public string? ErrorCode { get; } = errorCode;

    public string? ErrorDetails { get; } = errorDetails;

    /// <summary>Same served outcome; change events fire only when this is false.</summary>
    public bool SameAs(FlagEvaluation other) =>
        Reason == other.Reason && Variant == other.Variant && ErrorCode == other.ErrorCode
        && Value?.GetRawText() == other.Value?.GetRawText();

    /// <summary>Reads one OFREP flag object; null when it is not one.</summary>
    public static FlagEvaluation? Read(JsonElement flag)
    {
        if (flag.ValueKind != JsonValueKind.Object || !flag.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String) return null;
        JsonElement? value = flag.TryGetProperty("value", out var v) ? v.Clone() : null;
        return new FlagEvaluation(
            key.GetString()!,
            value,
            Text(flag, "reason") ?? (Text(flag, "errorCode") is null ? "UNKNOWN" : Reasons.Error),
            Text(flag, "variant"),
            Text(flag, "errorCode"),
            Text(flag, "errorDetails"));
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("key", Key);
        if (Value is { } value)
        {
            writer.WritePropertyName("value");
            value.WriteTo(writer);
        }

        writer.WriteString("reason", Reason);
        if (Variant is not null) writer.WriteString("variant", Variant);
        if (ErrorCode is not null) writer.WriteString("errorCode", ErrorCode);
        if (ErrorDetails is not null) writer.WriteString("errorDetails", ErrorDetails);
        writer.WriteEndObject();
    }

    private static string? Text(JsonElement flag, string name) =>
        flag.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;
}
