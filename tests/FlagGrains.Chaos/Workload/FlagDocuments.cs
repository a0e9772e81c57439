using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlagGrains.Chaos.Workload;

/// <summary>
/// The flag set the soak writes: a few string flags whose only value is a stamp (<c>writer-1#17</c>) never written
/// twice, so any value read anywhere (an evaluation, an admin read, the stored history) says which write it came from.
/// </summary>
public static class FlagDocuments
{
    public static readonly IReadOnlyList<string> Flags = ["f0", "f1", "f2", "f3", "f4", "f5"];

    public static string Flag(string stamp) =>
        new JsonObject
        {
            ["state"] = "ENABLED",
            ["variants"] = new JsonObject { ["v"] = stamp },
            ["defaultVariant"] = "v",
        }.ToJsonString();

    /// <summary>A whole flag set: every flag stamped with <paramref name="stamp"/>.</summary>
    public static string Document(string stamp)
    {
        var flags = new JsonObject();
        foreach (var flag in Flags) flags[flag] = JsonNode.Parse(Flag(stamp));
        return new JsonObject { ["flags"] = flags }.ToJsonString();
    }

    public static Dictionary<string, string> Stamps(string stamp) => Flags.ToDictionary(f => f, _ => stamp, StringComparer.Ordinal);

    /// <summary>The stamp of one flag definition (its default variant's value); null when it is not one of ours.</summary>
    public static string? StampOf(JsonElement flag) =>
        flag.ValueKind == JsonValueKind.Object
        && flag.TryGetProperty("defaultVariant", out var variant) && variant.ValueKind == JsonValueKind.String
        && flag.TryGetProperty("variants", out var variants) && variants.ValueKind == JsonValueKind.Object
        && variants.TryGetProperty(variant.GetString()!, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>Flag → stamp of a flagd document (admin export) or a single flag definition under <paramref name="flagKey"/>.</summary>
    public static Dictionary<string, string> StampsOfDocument(string json, string? flagKey = null)
    {
        using var document = JsonDocument.Parse(json);
        var stamps = new Dictionary<string, string>(StringComparer.Ordinal);
        if (flagKey is not null)
        {
            if (StampOf(document.RootElement) is { } stamp) stamps[flagKey] = stamp;
            return stamps;
        }

        if (document.RootElement.TryGetProperty("flags", out var flags) && flags.ValueKind == JsonValueKind.Object)
        {
            foreach (var flag in flags.EnumerateObject())
            {
                if (StampOf(flag.Value) is { } stamp) stamps[flag.Name] = stamp;
            }
        }

        return stamps;
    }

    /// <summary>Flag → value of an OFREP bulk answer (<c>{"flags":[{"key":…,"value":…}]}</c>) or single-flag answer.</summary>
    public static Dictionary<string, string> ValuesOfAnswer(string json)
    {
        using var document = JsonDocument.Parse(json);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = document.RootElement;
        if (root.TryGetProperty("flags", out var flags) && flags.ValueKind == JsonValueKind.Array)
        {
            foreach (var flag in flags.EnumerateArray()) Add(flag);
        }
        else
        {
            Add(root);
        }

        return values;

        void Add(JsonElement flag)
        {
            if (flag.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
                && flag.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
                values[key.GetString()!] = value.GetString()!;
        }
    }
}
