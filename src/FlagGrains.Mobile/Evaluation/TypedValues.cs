using System.Text.Json;

namespace FlagGrains.Mobile.Evaluation;

/// <summary>Reads a flag's JSON value as the type a getter asks for; false means a type mismatch.</summary>
internal static class TypedValues
{
    public static bool TryRead(JsonElement json, out bool value)
    {
        value = json.ValueKind == JsonValueKind.True;
        return json.ValueKind is JsonValueKind.True or JsonValueKind.False;
    }

    public static bool TryRead(JsonElement json, out string value)
    {
        value = json.ValueKind == JsonValueKind.String ? json.GetString()! : "";
        return json.ValueKind == JsonValueKind.String;
    }

    /// <summary>Integral numbers only; <c>3.0</c> counts, <c>3.5</c> and anything beyond int's range do not.</summary>
    public static bool TryRead(JsonElement json, out int value)
    {
        value = 0;
        if (json.ValueKind != JsonValueKind.Number) return false;
        if (json.TryGetInt32(out value)) return true;
        if (!json.TryGetDouble(out var number) || Math.Floor(number) != number || number < int.MinValue || number > int.MaxValue) return false;
        value = (int)number;
        return true;
    }

    public static bool TryRead(JsonElement json, out double value)
    {
        value = 0;
        return json.ValueKind == JsonValueKind.Number && json.TryGetDouble(out value);
    }

    /// <summary>Objects and arrays; a scalar is not a structure.</summary>
    public static bool TryRead(JsonElement json, out JsonElement value)
    {
        value = json;
        return json.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
    }
}
