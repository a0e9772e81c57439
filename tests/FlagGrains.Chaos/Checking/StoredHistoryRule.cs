using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Checking;

/// <summary>
/// "The audit history contains every flag, key and environment change" and "no version gap": read back at the end,
/// the stored history has each version from 1 to the newest exactly once. Without it, the value rules can only
/// compare answers with each other, so an unreadable history is a violation too.
/// </summary>
public static class StoredHistoryRule
{
    public static IEnumerable<Violation> Check(HistoryIndex history, CheckerLimits limits)
    {
        var stored = history.Stored;
        if (!stored.Available)
        {
            if (history.Acknowledged.Count > 0)
                yield return new(Rules.StoredHistory, history.Acknowledged[0].Id, "the stored history (audit log) could not be read back, so stored values were not checked");
            yield break;
        }

        foreach (var missing in Ranges(stored.Missing))
            yield return new(Rules.StoredHistory, 0, $"{missing} missing from the stored history (newest {stored.Newest})");
        foreach (var duplicate in stored.Duplicates)
            yield return new(Rules.StoredHistory, duplicate.Id, $"version {duplicate.Version} appears more than once in the stored history");
    }

    private static IEnumerable<string> Ranges(IReadOnlyList<long> versions)
    {
        for (var i = 0; i < versions.Count;)
        {
            var j = i;
            while (j + 1 < versions.Count && versions[j + 1] == versions[j] + 1) j++;
            yield return i == j ? $"version {versions[i]} is" : $"versions {versions[i]}–{versions[j]} are";
            i = j + 1;
        }
    }
}
