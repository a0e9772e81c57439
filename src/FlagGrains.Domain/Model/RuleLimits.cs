namespace FlagGrains.Domain.Model;

/// <summary>
/// What one flag set may cost. Rules are written by people and stored for every silo to run, so a careless or hostile
/// rule must be refused where it is written and, if it is stored anyway, cost a bounded amount wherever it runs.
/// </summary>
public sealed record RuleLimits
{
    /// <summary>Generous for real flag sets: the flagd test bed's largest rule needs a few hundred of either.</summary>
    public static RuleLimits Default { get; } = new();

    /// <summary>
    /// Compiled rule nodes of a whole document, counting every <c>$ref</c> where it is inlined and every item of a
    /// literal list. Bounds the memory and the compile time of a flag set on every silo.
    /// </summary>
    public int MaxRuleNodes { get; init; } = 500_000;

    /// <summary>
    /// Steps one evaluation of one flag may take: loop iterations weighted by the size of their body, list items
    /// scanned, list items and string characters (per 16) built. A document whose rules can exceed it on constant data
    /// is refused at write; a stored flag that exceeds it at evaluation answers GENERAL after this many steps.
    /// </summary>
    public int MaxEvaluationSteps { get; init; } = 100_000;
}
