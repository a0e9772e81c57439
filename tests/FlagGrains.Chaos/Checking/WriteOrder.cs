namespace FlagGrains.Chaos.Checking;

/// <summary>
/// "Writes to one environment are serialized, each gets version = previous + 1": no two acknowledged writes share a
/// version, and a write that started after another was acknowledged has a higher version.
/// </summary>
public static class WriteOrder
{
    public static IEnumerable<Violation> Check(HistoryIndex history, CheckerLimits limits)
    {
        foreach (var same in history.Acknowledged.GroupBy(w => w.Version!.Value).Where(g => g.Count() > 1))
        {
            var first = same.MinBy(w => w.T1)!;
            foreach (var other in same.Where(w => w != first))
                yield return new(Rules.WriteOrder, other.Id, $"{other} was acknowledged with version {same.Key}, as was #{first.Id} ({first})");
        }

        // Real-time order: among writes acknowledged before this one started, the highest version must be lower.
        var byEnd = history.Acknowledged.OrderBy(w => w.T1).ToList();
        var next = 0;
        Highest? highest = null;
        foreach (var write in history.Acknowledged.OrderBy(w => w.T0))
        {
            for (; next < byEnd.Count && byEnd[next].T1 < write.T0; next++)
            {
                if (highest is null || byEnd[next].Version > highest.Version) highest = new Highest(byEnd[next].Id, byEnd[next].Version!.Value);
            }

            if (highest is { } before && write.Version < before.Version)
                yield return new(Rules.WriteOrder, write.Id, $"{write} got version {write.Version}, lower than version {before.Version} of #{before.Id}, acknowledged before it started");
        }
    }

    private sealed record Highest(long Id, long Version);
}
