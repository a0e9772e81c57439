using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Domain.Tests.Differential;

/// <summary>
/// What the differential test compares: value (canonical JSON, so 1.0 and 1 are the same number),
/// variant, reason and error code. <see cref="UnmatchedVariant"/> is the name a targeting rule returned
/// when no variant has it (both engines put it in their GENERAL error message); comparing it makes
/// rules that compute names (arithmetic, cat, substr) informative even when both sides fail.
/// </summary>
internal sealed partial record Outcome(string? Value, string? Variant, string Reason, string? ErrorCode, string? UnmatchedVariant)
{
    private const int NameLimit = 64;

    public static Outcome FromEngine(in EvaluationResult result)
    {
        string? unmatched = null;
        if (result.ErrorCode == ErrorCodes.General && result.ErrorMessage is { } message && OursUnmatched().Match(message) is { Success: true } match)
        {
            unmatched = match.Groups[1].Value;
        }

        var value = result.Value is { } flagValue ? Canonical(JsonDocument.Parse(flagValue.Utf8Json).RootElement) : null;
        return new Outcome(value, result.Variant, result.Reason, result.ErrorCode, unmatched);
    }

    /// <summary>
    /// One reference result: [value, variant, reason, errorCode, unmatchedVariant, ...]; a name holding a lone
    /// surrogate arrives as {"utf16": [code units]}, since System.Text.Json cannot unescape it as a string.
    /// </summary>
    public static Outcome FromReference(JsonElement item)
    {
        var value = item[0].ValueKind == JsonValueKind.Null ? null : Canonical(item[0]);
        var unmatched = item[4].ValueKind switch
        {
            JsonValueKind.String => Shorten(item[4].GetString()!),
            JsonValueKind.Object => Shorten(new string(item[4].GetProperty("utf16").EnumerateArray().Select(unit => (char)unit.GetUInt16()).ToArray())),
            _ => null,
        };
        return new Outcome(value, item[1].GetString(), item[2].GetString()!, item[3].GetString(), unmatched);
    }

    public override string ToString()
    {
        var text = new StringBuilder(Reason);
        if (ErrorCode is not null)
        {
            text.Append('/').Append(ErrorCode);
        }

        if (Variant is not null)
        {
            text.Append(" variant=").Append(Variant).Append(" value=").Append(Value);
        }

        if (UnmatchedVariant is not null)
        {
            text.Append(" returned='").Append(UnmatchedVariant).Append('\'');
        }

        return text.ToString();
    }

    // The engine shortens long names the same way, so the reference's full name is cut to match.
    private static string Shorten(string text) => text.Length <= NameLimit ? text : text[..NameLimit] + "…";

    private static string Canonical(JsonElement element)
    {
        var text = new StringBuilder();
        Write(element, text);
        return text.ToString();
    }

    private static void Write(JsonElement element, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                foreach (var property in element.EnumerateObject().OrderBy(property => property.Name, StringComparer.Ordinal))
                {
                    text.Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    Write(property.Value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case JsonValueKind.Number:
                text.Append(element.GetDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                text.Append(element.GetRawText());
                break;
        }
    }

    [GeneratedRegex("returned '(.*)', which is not one of its variants\\.$", RegexOptions.Singleline)]
    private static partial Regex OursUnmatched();
}
