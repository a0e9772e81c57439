namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// An evaluation used up its step budget (see <see cref="Model.RuleLimits.MaxEvaluationSteps"/>). Thrown only by rules
/// that loop or build far beyond what a flag needs, so the cost of the throw never lands on ordinary evaluations.
/// </summary>
internal sealed class RuleBudgetExceededException : Exception
{
    public RuleBudgetExceededException()
        : base("The rule exceeded its evaluation step budget.")
    {
    }

    public RuleBudgetExceededException(string message)
        : base(message)
    {
    }

    public RuleBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
