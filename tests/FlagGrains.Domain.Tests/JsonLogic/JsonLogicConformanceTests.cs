using System.Globalization;
using System.Text.Json;
using FlagGrains.Domain.JsonLogic;
using FlagGrains.Testing.Components;
using Xunit.Abstractions;

namespace FlagGrains.Domain.Tests.JsonLogic;

/// <summary>
/// The official JsonLogic suite (jsonlogic.com/tests.json, 277 [rule, data, expected] cases). Every
/// operator in it is one flagd supports, so no case is excluded; <see cref="Excluded"/> documents
/// that decision and would hold any future exclusion with its reason.
/// </summary>
public sealed class JsonLogicConformanceTests(ITestOutputHelper output)
{
    /// <summary>Case index → reason. Empty: the engine passes the whole suite.</summary>
    private static readonly IReadOnlyDictionary<int, string> Excluded = new Dictionary<int, string>();

    private static readonly Lazy<IReadOnlyList<(int Index, string Section, JsonElement Case)>> Cases = new(Load);

    public static TheoryData<int, string> AllCases()
    {
        var data = new TheoryData<int, string>();
        foreach (var (index, _, @case) in Cases.Value)
        {
            if (!Excluded.ContainsKey(index))
            {
                data.Add(index, @case[0].GetRawText());
            }
        }

        return data;
    }

    [ComponentTheory(Component.Conformance)]
    [MemberData(nameof(AllCases))]
    public void Case_matches_the_reference(int index, string rule)
    {
        var @case = Cases.Value.Single(entry => entry.Index == index).Case;
        var compiled = JsonLogicRule.Compile(@case[0]);
        Assert.True(compiled.IsEvaluable, $"{rule}: {string.Join("; ", compiled.Problems)}");
        var actual = compiled.Evaluate(@case[1]);
        Assert.True(
            LogicValueAssert.Matches(@case[2], actual),
            $"{rule} with data {@case[1].GetRawText()}: expected {@case[2].GetRawText()}, got {LogicValueAssert.Describe(actual)}");
    }

    [ComponentFact(Component.Conformance)]
    public void Suite_is_complete_and_exclusions_are_explained()
    {
        var total = Cases.Value.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"JsonLogic cases: {total}, run {total - Excluded.Count}, excluded {Excluded.Count}."));
        foreach (var (index, reason) in Excluded)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"excluded #{index}: {reason}"));
        }

        Assert.Equal(277, total);
    }

    private static List<(int Index, string Section, JsonElement Case)> Load()
    {
        using var document = JsonDocument.Parse(ConformanceSuites.ReadText("jsonlogic", "tests.json"));
        var cases = new List<(int, string, JsonElement)>();
        var section = string.Empty;
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.String)
            {
                section = entry.GetString()!;
                continue;
            }

            cases.Add((cases.Count, section, entry.Clone()));
        }

        return cases;
    }
}
