using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlagGrains.Domain.Editing;

/// <summary>
/// Re-applies a reviewed change (the item changes <see cref="FlagSetDiff"/> made of it) to a document that may have
/// moved on since. An item applies cleanly when nobody else touched it meanwhile (it still has its "before" value) or
/// when it already has the proposed value; any other item is a conflict and nothing is applied. Changes to other
/// flags made meanwhile are kept: a reviewer approved these items, not a whole stale document.
/// </summary>
public static class FlagSetPatch
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The patched document, or the items that no longer apply cleanly.</summary>
    public static PatchResult Apply(string currentJson, IReadOnlyList<ItemChange> changes)
    {
        var document = JsonNode.Parse(currentJson) as JsonObject ?? throw new ArgumentException("The document must be a JSON object.", nameof(currentJson));
        var conflicts = new List<string>();
        var pending = new List<ItemChange>();
        foreach (var change in changes)
        {
            var current = Read(document, change.Item);
            if (JsonNode.DeepEquals(current, ParseOrNull(change.After))) continue;
            if (JsonNode.DeepEquals(current, ParseOrNull(change.Before))) pending.Add(change);
            else conflicts.Add(change.Item);
        }

        if (conflicts.Count > 0) return new PatchResult(null, conflicts, AlreadyApplied: false);
        if (pending.Count == 0) return new PatchResult(null, [], AlreadyApplied: true);

        foreach (var change in pending) Write(document, change.Item, ParseOrNull(change.After));
        return new PatchResult(document.ToJsonString(Indented), [], AlreadyApplied: false);
    }

    /// <summary>
    /// Each item's JSON in the document (<c>flags/{key}</c>, <c>metadata</c> or <c>$evaluators</c>; null when absent),
    /// parsing the document once.
    /// </summary>
    public static IReadOnlyList<string?> ReadItems(string? documentJson, IEnumerable<string> items)
    {
        var document = documentJson is null ? null : JsonNode.Parse(documentJson) as JsonObject;
        return items.Select(item => document is null ? null : Read(document, item)?.ToJsonString()).ToList();
    }

    /// <summary>True when both are absent or are the same JSON value, whatever their formatting.</summary>
    public static bool SameJson(string? left, string? right) => JsonNode.DeepEquals(ParseOrNull(left), ParseOrNull(right));

    private static JsonNode? Read(JsonObject document, string item) =>
        FlagKeyOf(item) is { } key ? (document["flags"] as JsonObject)?[key] : document[item];

    private static void Write(JsonObject document, string item, JsonNode? value)
    {
        JsonObject parent = document;
        var name = item;
        if (FlagKeyOf(item) is { } key)
        {
            if (document["flags"] is not JsonObject flags)
            {
                flags = [];
                document["flags"] = flags;
            }

            parent = flags;
            name = key;
        }

        if (value is null) parent.Remove(name);
        else parent[name] = value;
    }

    private static string? FlagKeyOf(string item) => item.StartsWith("flags/", StringComparison.Ordinal) ? item["flags/".Length..] : null;

    private static JsonNode? ParseOrNull(string? json) => json is null ? null : JsonNode.Parse(json);
}

/// <summary>
/// Outcome of <see cref="FlagSetPatch.Apply"/>: a document to store, or the conflicting items, or nothing to do because
/// every item already has its proposed value.
/// </summary>
public sealed record PatchResult(string? DocumentJson, IReadOnlyList<string> Conflicts, bool AlreadyApplied)
{
    public bool Clean => Conflicts.Count == 0;
}
