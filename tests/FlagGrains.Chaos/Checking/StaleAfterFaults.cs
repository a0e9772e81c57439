using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Checking;

/// <summary>
/// Once the last fault has ended, "every silo eventually serves every acknowledged write" becomes a deadline: from
/// 5 s after the end, an answer must carry every write acknowledged before the faults ended, and every write
/// acknowledged more than the healthy staleness bound (one version check plus a pull, 3 s) before it started.
/// </summary>
public static class StaleAfterFaults
{
    public static IEnumerable<Violation> Check(HistoryIndex history, CheckerLimits limits)
    {
        if (history.PhaseAt(Phases.FaultsEnded) is not { } ended) yield break;
        var from = ended + limits.ConvergenceAfterFaults.TotalMilliseconds;
        var acknowledged = history.Acknowledged.OrderBy(w => w.T1).ToList();
        foreach (var answer in history.Ops.Where(o => o.Kind == OpKinds.Bulk && o.Status is 200 or 304 && o.Version is not null && o.T0 >= from))
        {
            var cutoff = Math.Max(ended, answer.T0 - limits.Staleness.TotalMilliseconds);
            var owed = acknowledged.TakeWhile(w => w.T1 <= cutoff).MaxBy(w => w.Version!.Value);
            if (owed is not null && answer.Version < owed.Version)
            {
                yield return new(Rules.StaleAfterFaults, answer.Id,
                    $"{answer} is {(answer.T0 - ended) / 1000:0.0} s after the faults ended and still older than #{owed.Id} (version {owed.Version}, acknowledged at {owed.T1 / 1000:0.000} s)");
            }
        }
    }
}
