using System.Globalization;
using System.Text;
using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Running;

/// <summary>The table a soak prints: what ran, what was done to it, how evaluations fared on live silos, what broke.</summary>
public sealed record RunSummary(IReadOnlyList<(string What, string Value)> Rows)
{
    public static RunSummary From(IReadOnlyList<HistoryRecord> history, IReadOnlyList<Violation> violations, ChaosOptions? options, string? loadBefore, string? loadAfter)
    {
        var index = new HistoryIndex(history);
        var run = history.FirstOrDefault(r => r.Type == RecordTypes.Run)?.Settings ?? options?.Describe() ?? [];
        var rows = new List<(string, string)>
        {
            ("seed", run.GetValueOrDefault("seed", "?")),
            ("fault phase", $"{run.GetValueOrDefault("minutes", "?")} min, then every fault ended and {run.GetValueOrDefault("quietSeconds", "?")} s of quiet traffic"),
            ("actors", $"{run.GetValueOrDefault("silos", "?")} silos, {run.GetValueOrDefault("writers", "?")} writers, {run.GetValueOrDefault("sdkDevices", "?")} SDK devices, {run.GetValueOrDefault("pollers", "?")} OFREP pollers"),
            ("faults", Faults(index.Faults)),
            ("writes", Writes(index.Writes)),
            ("admin reads (for If-Match)", Statuses(index.Ops.Where(o => OpKinds.IsAdminRead(o.Kind)))),
            ("evaluations", Evaluations(index)),
            ("evaluation availability on live silos", Availability(index)),
            ("event streams", $"{index.Ops.Count(o => o.IsOp(OpKinds.Stream) && o.Status == 200)} opened, {index.Events.Count} notifications received"),
            ("device value changes", $"{index.States.Count} (SDK devices and pollers)"),
            ("stored versions", index.Stored.Available ? $"1–{index.Stored.Newest} ({index.Acknowledged.Count} acknowledged writes)" : "stored history not read"),
            ("violations", violations.Count == 0 ? "none" : string.Join(", ", violations.GroupBy(v => v.Rule).Select(g => $"{g.Key} {g.Count()}"))),
        };
        if (loadBefore is not null) rows.Add(("load average (1/5/15 min)", $"before {loadBefore}, after {loadAfter} ({Environment.ProcessorCount} cores)"));
        rows.Add(("history records", history.Count.ToString("N0", CultureInfo.InvariantCulture)));
        return new RunSummary(rows);
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder("| | |\n|---|---|\n");
        foreach (var (what, value) in Rows) text.Append(CultureInfo.InvariantCulture, $"| {what} | {value} |\n");
        return text.ToString();
    }

    private static string Faults(IReadOnlyList<HistoryRecord> faults)
    {
        var skipped = faults.Count(f => f.Detail?.StartsWith("skipped", StringComparison.Ordinal) == true);
        var failed = faults.Count(f => f.Detail?.StartsWith("failed", StringComparison.Ordinal) == true);
        var done = faults.Where(f => f.Detail?.StartsWith("skipped", StringComparison.Ordinal) != true).GroupBy(f => f.Kind).Select(g => $"{g.Key} {g.Count()}");
        return $"{faults.Count - skipped}: {string.Join(", ", done)}" + (skipped > 0 ? $"; {skipped} skipped (the silo was still restarting, or no other silo was ready; and their restarts)" : "") + (failed > 0 ? $"; {failed} failed" : "");
    }

    private static string Writes(IReadOnlyList<HistoryRecord> writes) =>
        $"{writes.Count} ({writes.Count(w => w.IfMatch is not null)} with If-Match): {Statuses(writes)}";

    private static string Statuses(IEnumerable<HistoryRecord> ops)
    {
        var groups = ops.GroupBy(o => o.Status ?? 0).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))} × {g.Count()}");
        return string.Join(", ", groups);
    }

    private static string Evaluations(HistoryIndex index)
    {
        var evaluations = index.Ops.Where(o => OpKinds.IsEvaluation(o.Kind)).ToList();
        return $"{evaluations.Count}: bulk {evaluations.Count(o => o.Kind == OpKinds.Bulk)}, single flag {evaluations.Count(o => o.Kind == OpKinds.Flag)}, " +
               $"stream connects {evaluations.Count(o => o.Kind == OpKinds.Stream)}; {Statuses(evaluations)}";
    }

    private static string Availability(HistoryIndex index)
    {
        var judged = index.Ops.Where(o => OpKinds.IsEvaluation(o.Kind) && index.WasLive(o.Silo, o.T0, o.T1 ?? o.T0)).ToList();
        var answered = judged.Count(o => o.Status is 200 or 304);
        var notJudged = index.Ops.Count(o => OpKinds.IsEvaluation(o.Kind)) - judged.Count;
        var share = judged.Count == 0 ? "n/a" : (100.0 * answered / judged.Count).ToString("0.000", CultureInfo.InvariantCulture) + " %";
        return $"{share} ({answered} of {judged.Count} answered 200/304; {notJudged} more were in flight to a silo being killed or stopped, not judged)";
    }
}
