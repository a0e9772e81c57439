using System.Text.Json.Nodes;

namespace FlagGrains.Domain.Editing;

/// <summary>What changed between two versions of a flag document, item by item, for the audit log.</summary>
public static class FlagSetDiff
{
    /// <summary>
    /// Items are <c>flags/{key}</c>, <c>metadata</c> and <c>$evaluators</c>; a null side means created or removed.
    /// Unchanged items are left out.
    /// </summary>
    public static IReadOnlyList<ItemChange> Compute(string? beforeJson, string? afterJson)
    {
        var before = beforeJson is null ? null : JsonNode.Parse(beforeJson) as JsonObject;
        var after = afterJson is null ? null : JsonNode.Parse(afterJson) as JsonObject;
        var changes = new List<ItemChange>();
        foreach (var part in new[] { "metadata", "$evaluators" })
        {
            Compare(part, before?[part], after?[part], changes);
        }

        var beforeFlags = before?["flags"] as JsonObject;
        var afterFlags = after?["flags"] as JsonObject;
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        if (beforeFlags is not null) keys.UnionWith(beforeFlags.Select(p => p.Key));
        if (afterFlags is not null) keys.UnionWith(afterFlags.Select(p => p.Key));
        foreach (var key in keys)
        {
            Compare($"flags/{key}", beforeFlags?[key], afterFlags?[key], changes);
        }

        return changes;
    }

    private static void Compare(string item, JsonNode? before, JsonNode? after, List<ItemChange> changes)
    {
        if (JsonNode.DeepEquals(before, after)) return;
        changes.Add(new ItemChange(item, before?.ToJsonString(), after?.ToJsonString()));
    }
}

/// <summary>One changed item of a flag document.</summary>
public sealed record ItemChange(string Item, string? Before, string? After);
