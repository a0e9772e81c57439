using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlagGrains.AdminConsole.Targeting;

/// <summary>
/// Turns the rule builder's model into flagd JsonLogic (<c>if</c>, <c>==</c>, <c>in</c>, <c>sem_ver</c>,
/// <c>starts_with</c>, <c>ends_with</c>, <c>fractional</c>) and reads such JsonLogic back, so a flag saved from the
/// builder opens in the builder again. Targeting of any other shape is refused by <see cref="TryRead"/> and edited raw.
/// </summary>
public static class TargetingJson
{
    /// <summary>Keeps "&lt;", "&gt;" and "+" readable in stored JSON (the default encoder writes \u003C…); the console HTML-encodes on display.</summary>
    public static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Problems that stop the model from being saved (empty when it can be).</summary>
    public static IReadOnlyList<string> Check(TargetingModel model, IReadOnlyCollection<string> variants)
    {
        var problems = new List<string>();
        for (var i = 0; i < model.Rules.Count; i++)
        {
            var rule = model.Rules[i];
            var label = $"Rule {(i + 1).ToString(CultureInfo.InvariantCulture)}";
            var condition = rule.Condition;
            if (condition.Kind != ConditionKind.UserAllowList && string.IsNullOrWhiteSpace(condition.Attribute))
                problems.Add($"{label}: name the context attribute to test.");
            if (condition.Values.Count == 0 || condition.Values.Any(string.IsNullOrWhiteSpace))
                problems.Add($"{label}: give {(IsList(condition.Kind) ? "at least one value, none empty" : "a value")}.");
            if (condition.Kind == ConditionKind.SemVer && !RuleCondition.SemVerOperators.Contains(condition.Operator))
                problems.Add($"{label}: '{condition.Operator}' is not a version comparison.");
            CheckOutcome(rule.Outcome, label, variants, problems);
        }

        CheckOutcome(model.Fallback, "Everyone else", variants, problems);
        return problems;
    }

    /// <summary>The targeting JSON, or null when the model says "default variant for everyone" (no targeting).</summary>
    public static JsonNode? Write(TargetingModel model)
    {
        if (model.IsEmpty) return null;
        if (model.Rules.Count == 0) return Outcome(model.Fallback);

        var arguments = new JsonArray();
        foreach (var rule in model.Rules)
        {
            arguments.Add(Condition(rule.Condition));
            arguments.Add(Outcome(rule.Outcome));
        }

        // No "else" means null, which flagd resolves to the default variant: leaving it out keeps stored JSON minimal.
        if (model.Fallback.Kind != OutcomeKind.DefaultVariant) arguments.Add(Outcome(model.Fallback));
        return new JsonObject { ["if"] = arguments };
    }

    /// <summary>Reads targeting back into a model; false when it has a shape the builder does not offer.</summary>
    public static bool TryRead(JsonNode? targeting, out TargetingModel model)
    {
        model = new TargetingModel();
        if (targeting is null) return true;
        if (targeting is JsonObject { Count: 0 }) return true;

        if (targeting is JsonObject single && single.Count == 1 && single["if"] is JsonArray arguments)
        {
            if (arguments.Count < 2) return false;
            var pairs = arguments.Count / 2;
            for (var i = 0; i < pairs; i++)
            {
                if (!TryCondition(arguments[2 * i], out var condition) || !TryOutcome(arguments[(2 * i) + 1], out var outcome)) return false;
                model.Rules.Add(new TargetingRule { Condition = condition, Outcome = outcome });
            }

            if (arguments.Count % 2 == 1)
            {
                if (!TryOutcome(arguments[^1], out var fallback)) return false;
                model.Fallback = fallback;
            }

            return true;
        }

        if (TryOutcome(targeting, out var only) && only.Kind == OutcomeKind.Rollout)
        {
            model.Fallback = only;
            return true;
        }

        return false;
    }

    private static bool IsList(ConditionKind kind) => kind is ConditionKind.InList or ConditionKind.UserAllowList;

    private static void CheckOutcome(RuleOutcome outcome, string label, IReadOnlyCollection<string> variants, List<string> problems)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Variant when outcome.Variant is null || !variants.Contains(outcome.Variant):
                problems.Add($"{label}: choose one of the flag's variants.");
                break;
            case OutcomeKind.Rollout:
                if (outcome.Rollout.Count == 0) problems.Add($"{label}: a rollout needs at least one variant.");
                if (outcome.Rollout.Any(share => !variants.Contains(share.Variant)))
                    problems.Add($"{label}: every rollout share must name one of the flag's variants.");
                if (outcome.Rollout.GroupBy(share => share.Variant).Any(group => group.Count() > 1))
                    problems.Add($"{label}: a variant appears twice in the rollout.");
                if (outcome.Rollout.Any(share => share.Weight is < 0 or > 100))
                    problems.Add($"{label}: each share is between 0 and 100 %.");
                if (outcome.RolloutTotal != 100)
                    problems.Add($"{label}: rollout shares add up to {outcome.RolloutTotal.ToString(CultureInfo.InvariantCulture)} %, not 100 %.");
                break;
        }
    }

    private static JsonNode Condition(RuleCondition condition)
    {
        var variable = new JsonObject { ["var"] = condition.EffectiveAttribute };
        return condition.Kind switch
        {
            ConditionKind.Equals => Operation("==", variable, JsonValue.Create(condition.Values[0])),
            ConditionKind.InList or ConditionKind.UserAllowList =>
                Operation("in", variable, new JsonArray([.. condition.Values.Select(value => (JsonNode?)JsonValue.Create(value))])),
            ConditionKind.SemVer => Operation("sem_ver", variable, JsonValue.Create(condition.Operator), JsonValue.Create(condition.Values[0])),
            ConditionKind.StartsWith => Operation("starts_with", variable, JsonValue.Create(condition.Values[0])),
            ConditionKind.EndsWith => Operation("ends_with", variable, JsonValue.Create(condition.Values[0])),
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Kind, "Unknown condition."),
        };
    }

    private static JsonObject Operation(string name, params JsonNode?[] arguments) => new() { [name] = new JsonArray(arguments) };

    private static JsonNode? Outcome(RuleOutcome outcome) => outcome.Kind switch
    {
        OutcomeKind.Variant => JsonValue.Create(outcome.Variant),
        OutcomeKind.Rollout => new JsonObject
        {
            ["fractional"] = new JsonArray([.. outcome.Rollout.Select(share => (JsonNode?)new JsonArray(JsonValue.Create(share.Variant), JsonValue.Create(share.Weight)))]),
        },
        _ => null,
    };

    private static bool TryCondition(JsonNode? node, out RuleCondition condition)
    {
        condition = new RuleCondition();
        if (node is not JsonObject { Count: 1 } operation) return false;
        var (name, value) = operation.First();
        if (value is not JsonArray arguments || arguments.Count < 2 || !TryVariable(arguments[0], out var attribute)) return false;

        switch (name)
        {
            case "==" when arguments.Count == 2 && TryString(arguments[1], out var equals):
                condition = new RuleCondition { Kind = ConditionKind.Equals, Attribute = attribute, Values = [equals] };
                return true;
            case "in" when arguments.Count == 2 && arguments[1] is JsonArray list && list.Count > 0:
                var values = new List<string>();
                foreach (var item in list)
                {
                    if (!TryString(item, out var text)) return false;
                    values.Add(text);
                }

                condition = new RuleCondition
                {
                    Kind = attribute == RuleCondition.TargetingKey ? ConditionKind.UserAllowList : ConditionKind.InList,
                    Attribute = attribute,
                    Values = values,
                };
                return true;
            case "sem_ver" when arguments.Count == 3 && TryString(arguments[1], out var comparison)
                                && RuleCondition.SemVerOperators.Contains(comparison) && TryString(arguments[2], out var version):
                condition = new RuleCondition { Kind = ConditionKind.SemVer, Attribute = attribute, Operator = comparison, Values = [version] };
                return true;
            case "starts_with" or "ends_with" when arguments.Count == 2 && TryString(arguments[1], out var affix):
                condition = new RuleCondition
                {
                    Kind = name == "starts_with" ? ConditionKind.StartsWith : ConditionKind.EndsWith,
                    Attribute = attribute,
                    Values = [affix],
                };
                return true;
            default:
                return false;
        }
    }

    private static bool TryOutcome(JsonNode? node, out RuleOutcome outcome)
    {
        outcome = RuleOutcome.DefaultVariant();
        if (node is null) return true;
        if (TryString(node, out var variant))
        {
            outcome = RuleOutcome.To(variant);
            return true;
        }

        // Only the plain weighted form: a custom bucketing expression as first argument is not something the sliders show.
        if (node is not JsonObject { Count: 1 } operation || operation["fractional"] is not JsonArray shares || shares.Count == 0) return false;
        var split = new List<RolloutShare>();
        foreach (var share in shares)
        {
            if (share is not JsonArray { Count: 2 } pair || !TryString(pair[0], out var name) || !TryPercent(pair[1], out var weight)) return false;
            split.Add(new RolloutShare(name, weight));
        }

        outcome = new RuleOutcome { Kind = OutcomeKind.Rollout, Rollout = split };
        return true;
    }

    private static bool TryVariable(JsonNode? node, out string attribute)
    {
        attribute = "";
        if (node is not JsonObject { Count: 1 } variable || variable["var"] is not JsonValue name || !TryString(name, out var path)) return false;
        attribute = path;
        return path.Length > 0;
    }

    private static bool TryString(JsonNode? node, out string text)
    {
        text = "";
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String) return false;
        text = value.GetValue<string>();
        return true;
    }

    private static bool TryPercent(JsonNode? node, out int weight)
    {
        weight = 0;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out weight) && weight is >= 0 and <= 100;
    }
}
