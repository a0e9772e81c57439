using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlagGrains.AdminConsole.Workspace;

/// <summary>A flag as the list shows it.</summary>
public sealed record FlagSummary(string Key, bool Enabled, string Type, int VariantCount, string? DefaultVariant, bool HasTargeting)
{
    /// <summary>Every flag of a flagd document, in document order.</summary>
    public static IReadOnlyList<FlagSummary> ListFrom(string documentJson)
    {
        if (JsonNode.Parse(documentJson)?["flags"] is not JsonObject flags) return [];
        var summaries = new List<FlagSummary>(flags.Count);
        foreach (var (key, node) in flags)
        {
            if (node is not JsonObject flag) continue;
            var variants = flag["variants"] as JsonObject ?? [];
            var types = variants.Select(pair => TypeOf(pair.Value)).Distinct().ToList();
            summaries.Add(new FlagSummary(
                key,
                flag["state"]?.GetValue<string>() != "DISABLED",
                types.Count == 1 ? types[0] : types.Count == 0 ? "none" : "mixed",
                variants.Count,
                flag["defaultVariant"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null,
                flag["targeting"] is JsonObject { Count: > 0 }));
        }

        return summaries;
    }

    private static string TypeOf(JsonNode? value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => "number",
            JsonValueKind.String => "string",
            _ => "null",
        },
        _ => "null",
    };
}
