using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Checking;

/// <summary>
/// "An acknowledged write (2xx) is stored and is never lost" and "every silo eventually serves every acknowledged
/// write": the version a write was acknowledged with holds its values in the stored history, and each silo's final
/// answer, read after the faults stopped and writes settled, is at that version or newer.
/// </summary>
public static class LostWrites
{
    public const string FinalActor = "final";

    public static IEnumerable<Violation> Check(HistoryIndex history, CheckerLimits limits)
    {
        var stored = history.Stored;
        foreach (var write in history.Acknowledged)
        {
            var version = write.Version!.Value;
            if (stored.Knows(version))
            {
                var document = stored.Document(version);
                var different = (write.Values ?? []).Where(v => !document.TryGetValue(v.Key, out var held) || held != v.Value).ToList();
                if (different.Count > 0)
                {
                    yield return new(Rules.LostWrite, write.Id,
                        $"{write} was acknowledged as version {version}, but version {version} stored " +
                        string.Join(", ", different.Select(d => $"{d.Key}={(document.TryGetValue(d.Key, out var held) ? held : "(absent)")} instead of {d.Value}")));
                }
            }
            else if (stored.Available && version > stored.Newest)
            {
                yield return new(Rules.LostWrite, write.Id, $"{write} was acknowledged as version {version}, but the stored history ends at version {stored.Newest}");
            }
        }

        if (history.Acknowledged.Count == 0) yield break;
        var newest = history.Acknowledged.MaxBy(w => w.Version!.Value)!;
        var finals = history.Ops.Where(o => o.Actor == FinalActor && o.Kind == OpKinds.Bulk && o.Status == 200 && o.Version is not null).ToList();
        if (finals.Count == 0)
        {
            yield return new(Rules.LostWrite, newest.Id, $"no silo answered the final reads, so no acknowledged write is shown to be served after the faults (newest: {newest})");
            yield break;
        }

        foreach (var last in finals.GroupBy(f => f.Silo).Select(g => g.MaxBy(f => f.T0)!))
        {
            if (last.Version >= newest.Version) continue;
            var unserved = history.Acknowledged.Where(w => w.Version > last.Version).MinBy(w => w.Version!.Value)!;
            yield return new(Rules.LostWrite, unserved.Id,
                $"{unserved} is not served by {last.Silo} after the faults stopped: its final answer #{last.Id} is version {last.Version}");
        }
    }
}
