using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.History;
using FlagGrains.Chaos.Running;
using FlagGrains.Testing;

// FlagGrains.Chaos [run] --minutes N --seed S ...   a soak: prints the plan, progress, the summary table, violations
// FlagGrains.Chaos check --history FILE             judges a recorded history again (after changing the checker)
var verb = args.FirstOrDefault() is { } first && !first.StartsWith("--", StringComparison.Ordinal) ? first : "run";
var options = CommandLine.Parse(verb == "run" && args.FirstOrDefault() != "run" ? args : args.Skip(1));
switch (verb)
{
    case "run":
    {
        var run = ChaosOptions.Parse(options);
        var result = await ChaosRun.RunAsync(run, Console.Error.WriteLine);
        return Report(result.Violations, result.Summary, result.HistoryPath);
    }

    case "check":
    {
        var path = options.Text("history");
        var history = HistoryLog.Read(path);
        var violations = Checker.Check(history);
        return Report(violations, RunSummary.From(history, violations, null, null, null), path);
    }

    default:
        Console.Error.WriteLine("usage: FlagGrains.Chaos [run] --minutes N --seed S [--silos 3 --writers 2 --sdk-devices 3 --pollers 2 --quiet-seconds 15 --history FILE]");
        Console.Error.WriteLine("       FlagGrains.Chaos check --history FILE");
        return 64;
}

static int Report(IReadOnlyList<Violation> violations, RunSummary summary, string historyPath)
{
    Console.WriteLine(summary.ToMarkdown());
    foreach (var violation in violations.Take(100)) Console.WriteLine(violation);
    if (violations.Count > 100) Console.WriteLine($"… and {violations.Count - 100} more");
    Console.WriteLine($"history: {historyPath}");
    return violations.Count == 0 ? 0 : 1;
}
