using FlagGrains.Testing.Components;
using Xunit.Abstractions;

namespace FlagGrains.Domain.Tests.Gherkin;

/// <summary>
/// Beyond the evaluator suites: the provider-level targeting, evaluation and disabled suites, whose
/// scenarios are evaluation semantics an in-process provider must also meet. Connection, caching,
/// events and sync suites test provider plumbing and are not run.
/// </summary>
public sealed class ProviderSuiteGherkinTests(ITestOutputHelper output)
{
    private static readonly string[] Features = ["targeting.feature", "evaluation.feature", "disabled.feature"];

    private static readonly Lazy<IReadOnlyList<GherkinScenario>> Scenarios = new(() =>
        GherkinScenarioCatalog.Load(Features.Select(name => ConformanceSuites.PathOf("flagd-testbed", "gherkin", name))));

    public static TheoryData<string, string> ApplicableScenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (var scenario in Scenarios.Value.Where(scenario => ReasonNotApplicable(scenario) is null))
        {
            data.Add(scenario.Feature, scenario.Name);
        }

        return data;
    }

    [ComponentTheory(Component.Conformance)]
    [MemberData(nameof(ApplicableScenarios))]
    public void Scenario_passes(string feature, string scenario) =>
        EvaluatorSteps.Run(Scenarios.Value.Single(candidate => candidate.Feature == feature && candidate.Name == scenario), ProviderFlags.ForSelector);

    [ComponentFact(Component.Conformance)]
    public void Applicable_scenarios_are_counted_and_exclusions_explained()
    {
        var applicable = Scenarios.Value.Count(scenario => ReasonNotApplicable(scenario) is null);
        output.WriteLine($"Provider-level scenarios: {Scenarios.Value.Count}, applicable {applicable}.");
        foreach (var group in Scenarios.Value.Select(ReasonNotApplicable).OfType<string>().GroupBy(reason => reason))
        {
            output.WriteLine($"not applicable ×{group.Count()}: {group.Key}");
        }

        Assert.True(applicable > 100);
    }

    private static string? ReasonNotApplicable(GherkinScenario scenario) =>
        ScenarioApplicability.ReasonNotApplicable(scenario)
        ?? (scenario.Tags.Contains("@deprecated")
            ? "@deprecated: expects the pre-ADR FLAG_NOT_FOUND for a missing defaultVariant; @no-default-variant (evaluator suite) supersedes it"
            : null);
}
