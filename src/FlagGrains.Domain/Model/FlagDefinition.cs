using System.Text.Json;

namespace FlagGrains.Domain.Model;

/// <summary>One flag as read from a document (elements borrow the parsed document).</summary>
internal sealed record FlagDefinition(
    string Key,
    bool Enabled,
    IReadOnlyList<KeyValuePair<string, JsonElement>> Variants,
    string? DefaultVariant,
    JsonElement? Targeting,
    string TargetingPath,
    JsonElement? Metadata);
