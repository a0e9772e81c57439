using System.Text.Json;

namespace FlagGrains.Domain.Model;

/// <summary>
/// Reads and checks the structure the flagd schema (flags.json) prescribes: the flags map, state,
/// variants of one type, defaultVariant naming a variant, metadata of primitives.
/// </summary>
internal static class FlagSetReader
{
    /// <summary>flagd's numeric-coercion ADR: values must round-trip through every JSON parser, JavaScript's included.</summary>
    public const double MaxSafeInteger = 9007199254740991;

    private static readonly HashSet<string> KnownFlagProperties = new(StringComparer.Ordinal)
    {
        "state", "variants", "defaultVariant", "targeting", "metadata", "key",
    };

    /// <summary>
    /// Reads every flag. Structural problems go to <paramref name="errors"/>; suspicious but harmless
    /// content (unknown flag properties) to <paramref name="lint"/>.
    /// </summary>
    public static List<FlagDefinition> Read(JsonElement root, List<ValidationProblem> errors, List<ValidationProblem> lint)
    {
        var flags = new List<FlagDefinition>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(JsonPath.Root, $"The document must be a JSON object, not {Describe(root)}."));
            return flags;
        }

        CheckMetadata(root, JsonPath.Root, "flag set", errors, isFlagSet: true);
        if (root.TryGetProperty("$evaluators", out var evaluators) && evaluators.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(JsonPath.Property(JsonPath.Root, "$evaluators"), "$evaluators must be an object of named targeting rules."));
        }
        else if (evaluators.ValueKind == JsonValueKind.Object)
        {
            foreach (var evaluator in evaluators.EnumerateObject())
            {
                if (evaluator.Value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new(JsonPath.Property(JsonPath.Property(JsonPath.Root, "$evaluators"), evaluator.Name), $"Evaluator '{evaluator.Name}' must be a JsonLogic rule object, not {Describe(evaluator.Value)}."));
                }
            }
        }

        var flagsPath = JsonPath.Property(JsonPath.Root, "flags");
        if (!root.TryGetProperty("flags", out var flagsElement))
        {
            errors.Add(new(flagsPath, "The document must have a 'flags' object."));
            return flags;
        }

        if (flagsElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(flagsPath, $"'flags' must be an object keyed by flag key, not {Describe(flagsElement)}."));
            return flags;
        }

        foreach (var flag in flagsElement.EnumerateObject())
        {
            var definition = ReadFlag(flag.Name, flag.Value, JsonPath.Property(flagsPath, flag.Name), errors, lint);
            if (definition is not null)
            {
                flags.Add(definition);
            }
        }

        return flags;
    }

    private static FlagDefinition? ReadFlag(string key, JsonElement flag, string path, List<ValidationProblem> errors, List<ValidationProblem> lint)
    {
        var errorCount = errors.Count;
        if (key.Length == 0)
        {
            errors.Add(new(path, "A flag key must not be empty."));
        }

        if (flag.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, $"Flag '{key}' must be an object, not {Describe(flag)}."));
            return null;
        }

        foreach (var property in flag.EnumerateObject())
        {
            if (!KnownFlagProperties.Contains(property.Name))
            {
                lint.Add(new(JsonPath.Property(path, property.Name), $"Flag '{key}': unknown property '{property.Name}' is ignored."));
            }
        }

        var enabled = ReadState(key, flag, path, errors);
        var variants = ReadVariants(key, flag, path, errors);
        var defaultVariant = ReadDefaultVariant(key, flag, path, variants, errors);
        JsonElement? targeting = null;
        var targetingPath = JsonPath.Property(path, "targeting");
        if (flag.TryGetProperty("targeting", out var targetingElement) && targetingElement.ValueKind != JsonValueKind.Null)
        {
            if (targetingElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(targetingPath, $"Flag '{key}': targeting must be a JsonLogic rule object, not {Describe(targetingElement)}."));
            }
            else if (targetingElement.EnumerateObject().Any())
            {
                // flagd treats "targeting": {} as no targeting at all (reason STATIC).
                targeting = targetingElement;
            }
        }

        CheckMetadata(flag, path, $"flag '{key}'", errors, isFlagSet: false);
        flag.TryGetProperty("metadata", out var metadata);
        return errors.Count > errorCount
            ? null
            : new FlagDefinition(key, enabled, variants, defaultVariant, targeting, targetingPath, metadata.ValueKind == JsonValueKind.Object ? metadata : null);
    }

    private static bool ReadState(string key, JsonElement flag, string path, List<ValidationProblem> errors)
    {
        var statePath = JsonPath.Property(path, "state");
        if (!flag.TryGetProperty("state", out var state))
        {
            errors.Add(new(statePath, $"Flag '{key}' must have a state (\"ENABLED\" or \"DISABLED\")."));
            return false;
        }

        var text = state.ValueKind == JsonValueKind.String ? state.GetString() : null;
        if (text is not ("ENABLED" or "DISABLED"))
        {
            errors.Add(new(statePath, $"Flag '{key}': state must be \"ENABLED\" or \"DISABLED\", not {Describe(state)}."));
        }

        return text == "ENABLED";
    }

    private static List<KeyValuePair<string, JsonElement>> ReadVariants(string key, JsonElement flag, string path, List<ValidationProblem> errors)
    {
        var variants = new List<KeyValuePair<string, JsonElement>>();
        var variantsPath = JsonPath.Property(path, "variants");
        if (!flag.TryGetProperty("variants", out var element))
        {
            errors.Add(new(variantsPath, $"Flag '{key}' must have variants."));
            return variants;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(variantsPath, $"Flag '{key}': variants must be an object of name → value, not {Describe(element)}."));
            return variants;
        }

        string? firstType = null;
        string? firstName = null;
        foreach (var variant in element.EnumerateObject())
        {
            var variantPath = JsonPath.Property(variantsPath, variant.Name);
            if (variant.Name.Length == 0)
            {
                errors.Add(new(variantPath, $"Flag '{key}': a variant name must not be empty."));
            }

            var type = VariantType(variant.Value);
            if (type is null)
            {
                errors.Add(new(variantPath, $"Flag '{key}': variant '{variant.Name}' must be a boolean, string, number or object, not {Describe(variant.Value)}."));
                continue;
            }

            if (variant.Value.ValueKind == JsonValueKind.Number && !IsSafeNumber(variant.Value))
            {
                errors.Add(new(variantPath, $"Flag '{key}': variant '{variant.Name}' is outside ±(2^53−1), which JSON clients cannot represent exactly."));
            }

            if (firstType is null)
            {
                firstType = type;
                firstName = variant.Name;
            }
            else if (type != firstType)
            {
                errors.Add(new(variantPath, $"Flag '{key}': all variants must have one type, but '{firstName}' is {firstType} and '{variant.Name}' is {type}."));
            }

            variants.Add(new(variant.Name, variant.Value));
        }

        if (!element.EnumerateObject().Any())
        {
            errors.Add(new(variantsPath, $"Flag '{key}' must have at least one variant."));
        }

        return variants;
    }

    private static string? ReadDefaultVariant(string key, JsonElement flag, string path, List<KeyValuePair<string, JsonElement>> variants, List<ValidationProblem> errors)
    {
        if (!flag.TryGetProperty("defaultVariant", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var defaultPath = JsonPath.Property(path, "defaultVariant");
        if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(defaultPath, $"Flag '{key}': defaultVariant must be a variant name or null, not {Describe(element)}."));
            return null;
        }

        var name = element.GetString()!;
        if (variants.Count > 0 && !variants.Exists(variant => variant.Key == name))
        {
            errors.Add(new(defaultPath, $"Flag '{key}': defaultVariant '{name}' is not one of its variants ({string.Join(", ", variants.Select(variant => variant.Key))})."));
        }

        return name;
    }

    private static void CheckMetadata(JsonElement owner, string ownerPath, string ownerName, List<ValidationProblem> errors, bool isFlagSet)
    {
        if (!owner.TryGetProperty("metadata", out var metadata))
        {
            return;
        }

        var path = JsonPath.Property(ownerPath, "metadata");
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, $"The {ownerName} metadata must be an object, not {Describe(metadata)}."));
            return;
        }

        foreach (var entry in metadata.EnumerateObject())
        {
            var entryPath = JsonPath.Property(path, entry.Name);
            if (entry.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add(new(entryPath, $"The {ownerName} metadata '{entry.Name}' must be a string, number or boolean, not {Describe(entry.Value)}."));
            }
            else if (isFlagSet && entry.Name is "flagSetId" or "version" && entry.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new(entryPath, $"The flag set metadata '{entry.Name}' must be a string."));
            }
        }
    }

    private static string? VariantType(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.Object => "object",
        _ => null,
    };

    private static bool IsSafeNumber(JsonElement number) =>
        number.TryGetDouble(out var value) && Math.Abs(value) <= MaxSafeInteger;

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Truncate(element.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Truncate(element.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
