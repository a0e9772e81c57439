using FlagGrains.Testing.Components;
using Xunit.Abstractions;

namespace FlagGrains.Domain.Tests.Gherkin;

/// <summary>Runs every applicable scenario of flagd-testbed/evaluator/gherkin against the engine.</summary>
public sealed class EvaluatorGherkinTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> ApplicableScenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (var scenario in GherkinScenarioCatalog.All.Where(scenario => ScenarioApplicability.ReasonNotApplicable(scenario) is null))
        {
            data.Add(scenario.Feature, scenario.Name);
        }

        return data;
    }

    [ComponentTheory(Component.Conformance)]
    [MemberData(nameof(ApplicableScenarios))]
    public void Scenario_passes(string feature, string scenario) =>
        EvaluatorSteps.Run(GherkinScenarioCatalog.Find(feature, scenario));

    [ComponentFact(Component.Conformance)]
    public void Every_applicable_scenario_passes_and_exclusions_are_explained()
    {
        var passed = 0;
        var failures = new List<string>();
        var notApplicable = new List<string>();
        foreach (var scenario in GherkinScenarioCatalog.All)
        {
            if (ScenarioApplicability.ReasonNotApplicable(scenario) is { } reason)
            {
                notApplicable.Add($"{scenario.Feature} / {scenario.Name}: {reason}");
                continue;
            }

            try
            {
                EvaluatorSteps.Run(scenario);
                passed++;
            }
            catch (Exception exception)
            {
                failures.Add($"{scenario.Feature} / {scenario.Name}: {exception.Message}");
            }
        }

        output.WriteLine($"Scenarios: {GherkinScenarioCatalog.All.Count}, passed {passed}, failed {failures.Count}, not applicable {notApplicable.Count}.");
        foreach (var line in notApplicable)
        {
            output.WriteLine("not applicable: " + line);
        }

        foreach (var line in failures)
        {
            output.WriteLine("FAILED: " + line);
        }

        Assert.Empty(failures);
        Assert.True(passed > 0, "No scenario ran; is the test bed present?");
        Assert.All(notApplicable, line => Assert.Contains("@fractional-v", line, StringComparison.Ordinal));
    }
}
