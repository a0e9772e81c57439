using System.Text.RegularExpressions;
using FlagGrains.Testing.Components;

namespace FlagGrains.Mobile.Tests.Interop;

/// <summary><c>tests/interop-node</c>: where it is, which tests it holds, and how to read node's verdict on them.</summary>
public static partial class NodeInterop
{
    public static string Folder => RepositoryRoot.PathOf("tests", "interop-node");

    public static string TestFile => Path.Combine(Folder, "ofrep-web-provider.test.js");

    /// <summary>The titles of the top-level <c>test('…')</c> calls, read from the file node will run.</summary>
    public static IReadOnlyList<string> ExpectedTests() =>
        [.. TestTitle().Matches(File.ReadAllText(TestFile)).Select(match => match.Groups[1].Value)];

    /// <summary>
    /// Why node's spec-reporter output does not show every expected test passing, or null when it does. An exit code
    /// of 0 alone also comes from a file whose tests were never registered.
    /// </summary>
    public static string? Shortfall(string output, IReadOnlyList<string> expected)
    {
        if (expected.Count == 0) return $"no test('…') calls were found in {TestFile}";
        var notPassed = expected.Where(title => !output.Contains("✔ " + title, StringComparison.Ordinal)).ToList();
        if (notPassed.Count > 0) return "not reported as passed: " + string.Join("; ", notPassed);
        if (Summary(output, "tests") != expected.Count) return $"node counted {Summary(output, "tests")} tests, the file has {expected.Count}";
        if (Summary(output, "pass") != expected.Count) return $"node counted {Summary(output, "pass")} passes of {expected.Count}";
        foreach (var other in new[] { "fail", "cancelled", "skipped", "todo" })
        {
            if (Summary(output, other) is not 0) return $"node counted {Summary(output, other)} {other}";
        }

        return null;
    }

    private static int? Summary(string output, string name) =>
        Regex.Match(output, $@"^ℹ {name} (\d+)$", RegexOptions.Multiline) is { Success: true } match ? int.Parse(match.Groups[1].Value) : null;

    [GeneratedRegex(@"^test\('((?:[^'\\]|\\.)+)'", RegexOptions.Multiline)]
    private static partial Regex TestTitle();
}
