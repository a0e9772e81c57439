using FlagGrains.Domain.JsonLogic;

namespace FlagGrains.Domain.Operators;

/// <summary>
/// flagd's <c>starts_with</c> / <c>ends_with</c> (ordinal, case-sensitive). Both operands must be strings,
/// otherwise the result is null rather than false, so targeting falls back to the default variant.
/// </summary>
internal sealed class StringAffixNode(LogicNode subject, LogicNode affix, bool suffix) : LogicNode
{
    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        if (!subject.Evaluate(ref scope).TryGetString(out var text) || !affix.Evaluate(ref scope).TryGetString(out var part))
        {
            return LogicValue.Null;
        }

        return LogicValue.FromBoolean(suffix
            ? text.EndsWith(part, StringComparison.Ordinal)
            : text.StartsWith(part, StringComparison.Ordinal));
    }
}
