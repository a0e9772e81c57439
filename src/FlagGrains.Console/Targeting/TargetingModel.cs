namespace FlagGrains.AdminConsole.Targeting;

/// <summary>
/// Targeting as the rule builder shows it: rules tried in order, each sending matching users to a variant or a
/// rollout, then a fallback for everyone else. Only shapes the builder can round-trip live here; anything else stays
/// raw JSON.
/// </summary>
public sealed class TargetingModel
{
    public List<TargetingRule> Rules { get; } = [];

    /// <summary>What users matching no rule get.</summary>
    public RuleOutcome Fallback { get; set; } = RuleOutcome.DefaultVariant();

    /// <summary>True when there is nothing to write: no rules and the default variant for everyone.</summary>
    public bool IsEmpty => Rules.Count == 0 && Fallback.Kind == OutcomeKind.DefaultVariant;
}

/// <summary>One "if this condition, then that outcome" line.</summary>
public sealed class TargetingRule
{
    public RuleCondition Condition { get; set; } = new();

    public RuleOutcome Outcome { get; set; } = RuleOutcome.DefaultVariant();
}

public enum ConditionKind
{
    Equals,
    InList,
    UserAllowList,
    SemVer,
    StartsWith,
    EndsWith,
}

/// <summary>A condition on one context attribute; <see cref="Values"/> holds one value except for lists.</summary>
public sealed class RuleCondition
{
    public ConditionKind Kind { get; set; } = ConditionKind.Equals;

    /// <summary>The context attribute (ignored for <see cref="ConditionKind.UserAllowList"/>, which is always the targeting key).</summary>
    public string Attribute { get; set; } = "";

    /// <summary>For <see cref="ConditionKind.SemVer"/>: one of <see cref="SemVerOperators"/>.</summary>
    public string Operator { get; set; } = ">=";

    public List<string> Values { get; set; } = [];

    /// <summary>The comparisons flagd's <c>sem_ver</c> understands.</summary>
    public static IReadOnlyList<string> SemVerOperators { get; } = ["=", "!=", "<", "<=", ">", ">=", "^", "~"];

    public const string TargetingKey = "targetingKey";

    public string EffectiveAttribute => Kind == ConditionKind.UserAllowList ? TargetingKey : Attribute;
}

public enum OutcomeKind
{
    /// <summary>No variant named: the flag's default variant.</summary>
    DefaultVariant,
    Variant,
    Rollout,
}

/// <summary>Where matching users go: the default variant, one variant, or a weighted split over variants.</summary>
public sealed class RuleOutcome
{
    public OutcomeKind Kind { get; set; }

    public string? Variant { get; set; }

    public List<RolloutShare> Rollout { get; set; } = [];

    /// <summary>Rollout weights are percentages; the builder only saves splits that add up to exactly 100.</summary>
    public int RolloutTotal => Rollout.Sum(share => share.Weight);

    public static RuleOutcome DefaultVariant() => new() { Kind = OutcomeKind.DefaultVariant };

    public static RuleOutcome To(string variant) => new() { Kind = OutcomeKind.Variant, Variant = variant };

    public static RuleOutcome Split(params RolloutShare[] shares) => new() { Kind = OutcomeKind.Rollout, Rollout = [.. shares] };
}

/// <summary>One variant's share of a rollout, in percent.</summary>
public sealed class RolloutShare
{
    public RolloutShare()
    {
    }

    public RolloutShare(string variant, int weight)
    {
        Variant = variant;
        Weight = weight;
    }

    public string Variant { get; set; } = "";

    public int Weight { get; set; }
}
