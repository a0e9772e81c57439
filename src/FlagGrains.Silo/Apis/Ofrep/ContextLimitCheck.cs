using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>Walks a context once and names the first limit it breaks, or returns null.</summary>
public static class ContextLimitCheck
{
    public static string? FirstViolation(JsonElement context, EvaluationLimits limits)
    {
        try
        {
            return Check(context, limits);
        }
        catch (InvalidOperationException)
        {
            // A JSON escape of a lone surrogate parses, but is no text: it cannot name or describe a user.
            return "The context contains a string that is not valid Unicode (a lone surrogate).";
        }
    }

    private static string? Check(JsonElement context, EvaluationLimits limits)
    {
        var attributes = 0;
        foreach (var _ in context.EnumerateObject())
        {
            if (++attributes > limits.MaxContextAttributes)
                return $"The context has more than {limits.MaxContextAttributes} attributes (limit MaxContextAttributes).";
        }

        return Walk(context, 1, limits);
    }

    private static string? Walk(JsonElement element, int depth, EvaluationLimits limits)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                if (depth > limits.MaxDepth) return $"The context is nested deeper than {limits.MaxDepth} levels (limit MaxDepth).";
                if (element.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in element.EnumerateObject())
                    {
                        if (!Fits(JsonMarshal.GetRawUtf8PropertyName(property), limits) && property.Name.Length > limits.MaxStringLength)
                            return TooLong(limits);
                        if (Walk(property.Value, depth + 1, limits) is { } violation) return violation;
                    }
                }
                else
                {
                    foreach (var item in element.EnumerateArray())
                    {
                        if (Walk(item, depth + 1, limits) is { } violation) return violation;
                    }
                }

                return null;
            case JsonValueKind.String:
                return !Fits(JsonMarshal.GetRawUtf8Value(element), limits) && element.GetString()!.Length > limits.MaxStringLength ? TooLong(limits) : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Within the limit without decoding: valid unescaped UTF-8 is never shorter than its UTF-16 text. Escapes (where a
    /// lone surrogate can hide), invalid UTF-8 (the parser leaves it to decoding) and long strings are decoded, so a
    /// typical context is checked without allocating.
    /// </summary>
    private static bool Fits(ReadOnlySpan<byte> raw, EvaluationLimits limits) =>
        raw.Length <= limits.MaxStringLength && !raw.Contains((byte)'\\') && Utf8.IsValid(raw);

    private static string TooLong(EvaluationLimits limits) =>
        $"A context string or attribute name is longer than {limits.MaxStringLength} characters (limit MaxStringLength).";
}
