using System.Collections.Concurrent;

namespace FlagGrains.Testing.Components;

/// <summary>
/// Records tests skipped for a missing component in <c>TestResults/component-skips/</c> at the repository root, one
/// file per test process. Directory.Solution.targets sums them into the closing lines of <c>dotnet test</c>, one line
/// per missing component, because xunit's own output buries skip reasons among thousands of lines.
/// </summary>
internal static class SkipReport
{
    private static readonly ConcurrentDictionary<(Component, string), string> Skipped = new();
    private static readonly Lock Gate = new();

    public static void Record(Component component, string test, string reason)
    {
        if (!Skipped.TryAdd((component, test), reason) || RepositoryRoot.OrNull is not { } root) return;

        try
        {
            var folder = Path.Combine(root, "TestResults", "component-skips");
            Directory.CreateDirectory(folder);
            lock (Gate)
            {
                // Rewritten whole: attributes are built again whenever xunit re-reads a method, so the set, not the
                // call count, is what a summary may count.
                File.WriteAllLines(Path.Combine(folder, $"{Environment.ProcessId}.tsv"),
                    Skipped.Select(pair => $"{TestComponents.Describe(pair.Key.Item1)}\t{pair.Key.Item2}\t{Flatten(pair.Value)}"));
            }
        }
        catch (IOException)
        {
            // The report is a convenience; the skip itself is already decided.
        }
    }

    private static string Flatten(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
