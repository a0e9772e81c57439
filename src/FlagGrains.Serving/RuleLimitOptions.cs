using FlagGrains.Domain.Model;

namespace FlagGrains.Serving;

/// <summary>
/// Bound from <c>FlagGrains:Limits</c> (next to the request limits): what one flag set may cost, enforced where it is
/// written (400 naming the limit and the JSON path) and wherever it is compiled and evaluated.
/// </summary>
public sealed class RuleLimitOptions
{
    public const string Section = "FlagGrains:Limits";

    /// <inheritdoc cref="RuleLimits.MaxRuleNodes"/>
    public int MaxRuleNodes { get; set; } = RuleLimits.Default.MaxRuleNodes;

    /// <inheritdoc cref="RuleLimits.MaxEvaluationSteps"/>
    public int MaxEvaluationSteps { get; set; } = RuleLimits.Default.MaxEvaluationSteps;

    public RuleLimits ToRuleLimits() => new() { MaxRuleNodes = MaxRuleNodes, MaxEvaluationSteps = MaxEvaluationSteps };
}
