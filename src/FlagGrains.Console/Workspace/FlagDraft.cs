using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlagGrains.AdminConsole.Targeting;

namespace FlagGrains.AdminConsole.Workspace;

public enum VariantType
{
    Boolean,
    String,
    Number,
    Object,
}

/// <summary>One variant as typed in the editor: its name and its value as text of the flag's type.</summary>
public sealed class VariantDraft
{
    public string Name { get; set; } = "";

    public string Value { get; set; } = "";
}

/// <summary>
/// A flag as the form edits it. Reading and writing keep the parts the form does not show (metadata, unknown
/// properties), so saving from the form never drops them.
/// </summary>
public sealed class FlagDraft
{
    private JsonObject _extra = [];

    public bool Enabled { get; set; } = true;

    public VariantType Type { get; set; } = VariantType.Boolean;

    public List<VariantDraft> Variants { get; set; } = [];

    public string DefaultVariant { get; set; } = "";

    public TargetingModel Targeting { get; set; } = new();

    /// <summary>Set when the stored targeting has a shape the builder cannot show; the editor then offers the raw editor.</summary>
    public string? UnbuildableTargetingJson { get; private set; }

    public IReadOnlyList<string> VariantNames => Variants.Select(variant => variant.Name).ToList();

    /// <summary>A new boolean flag: on/off, off by default.</summary>
    public static FlagDraft NewBoolean() => new()
    {
        Variants = [new VariantDraft { Name = "on", Value = "true" }, new VariantDraft { Name = "off", Value = "false" }],
        DefaultVariant = "off",
    };

    /// <summary>Reads a stored flag; false when its variants are of mixed or null types (raw editor only).</summary>
    public static bool TryRead(string flagJson, out FlagDraft draft)
    {
        draft = new FlagDraft();
        if (JsonNode.Parse(flagJson) is not JsonObject flag) return false;

        draft.Enabled = flag["state"]?.GetValue<string>() != "DISABLED";
        draft.DefaultVariant = flag["defaultVariant"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : "";
        if (flag["variants"] is not JsonObject variants) return false;

        VariantType? type = null;
        foreach (var (name, value) in variants)
        {
            var kind = KindOf(value);
            if (kind is null || (type is not null && type != kind)) return false;
            type = kind;
            draft.Variants.Add(new VariantDraft { Name = name, Value = Text(value!, kind.Value) });
        }

        draft.Type = type ?? VariantType.Boolean;
        if (TargetingJson.TryRead(flag["targeting"], out var model))
        {
            draft.Targeting = model;
        }
        else
        {
            draft.UnbuildableTargetingJson = flag["targeting"]!.ToJsonString();
        }

        foreach (var (name, value) in flag)
        {
            if (name is not ("state" or "variants" or "defaultVariant" or "targeting")) draft._extra[name] = value?.DeepClone();
        }

        return true;
    }

    /// <summary>Problems that stop the draft from being written (the grain validates the result again).</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (Variants.Count == 0) problems.Add("Add at least one variant.");
        foreach (var variant in Variants)
        {
            if (string.IsNullOrWhiteSpace(variant.Name)) problems.Add("Every variant needs a name.");
            else if (ParseValue(variant.Value, Type) is null) problems.Add($"Variant '{variant.Name}': {Expected(Type)}.");
        }

        if (Variants.GroupBy(variant => variant.Name, StringComparer.Ordinal).Any(group => group.Count() > 1))
            problems.Add("Variant names must be unique.");
        if (Variants.Count > 0 && !Variants.Any(variant => variant.Name == DefaultVariant))
            problems.Add("Choose the default variant.");
        if (UnbuildableTargetingJson is null) problems.AddRange(TargetingJson.Check(Targeting, VariantNames));
        return problems;
    }

    /// <summary>The flag JSON (call <see cref="Check"/> first).</summary>
    public string ToJson()
    {
        var flag = new JsonObject { ["state"] = Enabled ? "ENABLED" : "DISABLED" };
        var variants = new JsonObject();
        foreach (var variant in Variants)
        {
            variants[variant.Name] = ParseValue(variant.Value, Type);
        }

        flag["variants"] = variants;
        flag["defaultVariant"] = DefaultVariant;
        var targeting = UnbuildableTargetingJson is { } raw ? JsonNode.Parse(raw) : TargetingJson.Write(Targeting);
        if (targeting is not null) flag["targeting"] = targeting;
        foreach (var (name, value) in _extra)
        {
            flag[name] = value?.DeepClone();
        }

        return flag.ToJsonString(new JsonSerializerOptions(TargetingJson.Readable) { WriteIndented = true });
    }

    /// <summary>Switches the variants to another type, resetting values that do not fit it.</summary>
    public void ChangeType(VariantType type)
    {
        Type = type;
        foreach (var variant in Variants)
        {
            if (ParseValue(variant.Value, type) is null) variant.Value = type switch
            {
                VariantType.Boolean => "false",
                VariantType.Number => "0",
                VariantType.Object => "{}",
                _ => variant.Value,
            };
        }
    }

    public static string Expected(VariantType type) => type switch
    {
        VariantType.Boolean => "the value must be true or false",
        VariantType.Number => "the value must be a number",
        VariantType.Object => "the value must be a JSON object",
        _ => "the value must be text",
    };

    /// <summary>The JSON value of a variant typed as <paramref name="type"/>, or null when the text is not of that type.</summary>
    public static JsonNode? ParseValue(string text, VariantType type)
    {
        switch (type)
        {
            case VariantType.Boolean:
                return text switch { "true" => JsonValue.Create(true), "false" => JsonValue.Create(false), _ => null };
            case VariantType.Number:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? JsonNode.Parse(number.ToString("R", CultureInfo.InvariantCulture))
                    : null;
            case VariantType.Object:
                try
                {
                    return JsonNode.Parse(text) as JsonObject;
                }
                catch (JsonException)
                {
                    return null;
                }

            default:
                return JsonValue.Create(text);
        }
    }

    private static VariantType? KindOf(JsonNode? value) => value switch
    {
        JsonObject => VariantType.Object,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => VariantType.Boolean,
            JsonValueKind.Number => VariantType.Number,
            JsonValueKind.String => VariantType.String,
            _ => null,
        },
        _ => null,
    };

    private static string Text(JsonNode value, VariantType type) => type switch
    {
        VariantType.String => value.GetValue<string>(),
        VariantType.Object => value.ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
        _ => value.ToJsonString(),
    };
}
