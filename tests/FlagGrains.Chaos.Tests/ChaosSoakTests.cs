using FlagGrains.Chaos.Running;
using FlagGrains.Testing.Components;
using Xunit.Abstractions;

namespace FlagGrains.Chaos.Tests;

/// <summary>
/// The CI soak: two minutes of seeded faults against three silo processes on PostgreSQL, then the checker over the
/// whole history. Fixed seed, so a failure is the same schedule when run again; the history stays in TestResults
/// (judge it again with <c>FlagGrains.Chaos check --history …</c>).
/// </summary>
[Trait("Category", "Chaos")]
public sealed class ChaosSoakTests(ITestOutputHelper output)
{
    public const int Seed = 18;

    [ComponentFact(Component.PostgreSql)]
    public async Task Two_minutes_of_random_faults_break_no_promise_of_the_consistency_model()
    {
        // Beside the run's TRX report (tests/FlagGrains.Chaos.Tests/TestResults), where CI keeps what a failed run left.
        var history = RepositoryRoot.OrNull is { } root
            ? Path.Combine(root, "tests", "FlagGrains.Chaos.Tests", "TestResults", $"chaos-history-seed{Seed}.jsonl")
            : Path.Combine(AppContext.BaseDirectory, $"chaos-history-seed{Seed}.jsonl");
        var result = await ChaosRun.RunAsync(new ChaosOptions { Duration = TimeSpan.FromMinutes(2), Seed = Seed, HistoryPath = history }, output.WriteLine);

        output.WriteLine(result.Summary.ToMarkdown());
        foreach (var violation in result.Violations.Take(50)) output.WriteLine(violation.ToString());
        output.WriteLine($"history: {result.HistoryPath}");
        Assert.True(result.Violations.Count == 0,
            $"{result.Violations.Count} violations (history: {result.HistoryPath}); first: {string.Join(" | ", result.Violations.Take(5))}");
    }
}
