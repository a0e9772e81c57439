using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlagGrains.Domain.Editing;

/// <summary>
/// Edits one flag inside a flagd document, keeping everything else (metadata, <c>$evaluators</c>, other flags) as it
/// was. The result still goes through full validation before anything is stored.
/// </summary>
public static class FlagSetEditor
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The flag's JSON as stored, or null when the document has no such flag.</summary>
    public static string? GetFlag(string? documentJson, string flagKey) =>
        documentJson is not null && Flags(JsonNode.Parse(documentJson)) is { } flags && flags[flagKey] is { } flag
            ? flag.ToJsonString(Indented)
            : null;

    /// <summary>A strong ETag of one flag's definition, independent of the other flags.</summary>
    public static string FlagEtag(string flagJson)
    {
        var canonical = JsonNode.Parse(flagJson)!.ToJsonString();
        return $"\"f-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..20]}\"";
    }

    /// <summary>Replaces or adds a flag. Returns null when <paramref name="flagJson"/> is not a JSON object.</summary>
    public static string? SetFlag(string? documentJson, string flagKey, string flagJson)
    {
        JsonNode? flag;
        try
        {
            flag = JsonNode.Parse(flagJson, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return null;
        }

        if (flag is not JsonObject) return null;
        var document = documentJson is null ? new JsonObject() : JsonNode.Parse(documentJson)!.AsObject();
        if (Flags(document) is not { } flags)
        {
            flags = new JsonObject();
            document["flags"] = flags;
        }

        flags[flagKey] = flag;
        return document.ToJsonString(Indented);
    }

    /// <summary>Removes a flag; null when there was none.</summary>
    public static string? RemoveFlag(string documentJson, string flagKey)
    {
        var document = JsonNode.Parse(documentJson)!.AsObject();
        return Flags(document) is { } flags && flags.Remove(flagKey) ? document.ToJsonString(Indented) : null;
    }

    private static JsonObject? Flags(JsonNode? document) => document?["flags"] as JsonObject;
}
