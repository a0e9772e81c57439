using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Checking;

/// <summary>Judges a history against docs/consistency.md: every rule, every record, no sampling.</summary>
public static class Checker
{
    public static IReadOnlyList<Violation> Check(IReadOnlyList<HistoryRecord> history, CheckerLimits? limits = null)
    {
        limits ??= new CheckerLimits();
        var index = new HistoryIndex(history);
        return
        [
            .. LostWrites.Check(index, limits),
            .. WriteOrder.Check(index, limits),
            .. MonotonicReads.Check(index, limits),
            .. BadAnswers.Check(index, limits),
            .. StaleAfterFaults.Check(index, limits),
            .. ConditionalWrites.Check(index, limits),
            .. ServedValues.Check(index, limits),
            .. StoredHistoryRule.Check(index, limits),
        ];
    }
}
