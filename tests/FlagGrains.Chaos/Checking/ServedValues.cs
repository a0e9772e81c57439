using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Checking;

/// <summary>
/// "No two different documents stored under the same FlagGrains version" and "a 304 never confirms values of another
/// version", seen from the outside: whatever answers with version v (a device's bulk evaluation, an admin read) shows
/// version v's stored values. Without a stored history, answers of one version must at least agree with each other.
/// </summary>
public static class ServedValues
{
    public static IEnumerable<Violation> Check(HistoryIndex history, CheckerLimits limits)
    {
        var firstSeen = new Dictionary<long, HistoryRecord>();
        foreach (var answer in history.Ops.Where(o => o.Kind is OpKinds.Bulk or OpKinds.GetSet && o.Status == 200 && o.Version is not null && o.Values is not null))
        {
            var version = answer.Version!.Value;
            if (history.Stored.Knows(version))
            {
                var document = history.Stored.Document(version);
                if (!HistoryIndex.SameValues(answer.Values!, document))
                {
                    yield return new(Rules.ServedValues, answer.Id,
                        $"{answer} served {HistoryIndex.Describe(answer.Values!)}, but version {version} stored {HistoryIndex.Describe(document)}");
                }
            }
            else if (firstSeen.TryGetValue(version, out var first))
            {
                if (!HistoryIndex.SameValues(answer.Values!, first.Values!))
                    yield return new(Rules.ServedValues, answer.Id, $"{answer} served other values under version {version} than #{first.Id}");
            }
            else
            {
                firstSeen[version] = answer;
            }
        }
    }
}
