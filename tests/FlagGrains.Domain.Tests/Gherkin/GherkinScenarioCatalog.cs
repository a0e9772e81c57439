using FlagGrains.Testing.Components;
using System.Globalization;
using Gherkin;
using Gherkin.Ast;

namespace FlagGrains.Domain.Tests.Gherkin;

/// <summary>
/// Parses the flagd test bed's evaluator features with the official Gherkin parser and expands them
/// into runnable scenarios: background steps first, one scenario per Examples row of an outline.
/// </summary>
internal static class GherkinScenarioCatalog
{
    private static readonly Lazy<IReadOnlyList<GherkinScenario>> AllScenarios = new(Load);

    public static string FeatureDirectory => ConformanceSuites.PathOf("flagd-testbed", "evaluator", "gherkin");

    public static IReadOnlyList<GherkinScenario> All => AllScenarios.Value;

    public static GherkinScenario Find(string feature, string name) =>
        All.Single(scenario => scenario.Feature == feature && scenario.Name == name);

    private static IReadOnlyList<GherkinScenario> Load() => Load(Directory.GetFiles(FeatureDirectory, "*.feature"));

    public static IReadOnlyList<GherkinScenario> Load(IEnumerable<string> featureFiles)
    {
        var scenarios = new List<GherkinScenario>();
        foreach (var file in featureFiles.Order(StringComparer.Ordinal))
        {
            using var reader = File.OpenText(file);
            var document = new Parser().Parse(reader);
            scenarios.AddRange(Expand(Path.GetFileName(file), document.Feature));
        }

        return scenarios;
    }

    private static IEnumerable<GherkinScenario> Expand(string feature, Feature featureNode)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var featureTags = TagNames(featureNode.Tags);
        foreach (var child in Flatten(featureNode.Children, featureTags, []))
        {
            var (scenario, tags, background) = child;
            var examplesBlocks = scenario.Examples.ToList();
            if (examplesBlocks.Count == 0)
            {
                yield return new GherkinScenario(feature, Unique(names, scenario.Name), tags.Concat(TagNames(scenario.Tags)).ToList(), Steps(background.Concat(scenario.Steps), null));
                continue;
            }

            foreach (var examples in examplesBlocks)
            {
                var header = examples.TableHeader.Cells.Select(cell => cell.Value).ToList();
                var row = 0;
                foreach (var body in examples.TableBody)
                {
                    row++;
                    var values = body.Cells.Select(cell => cell.Value).ToList();
                    var substitutions = header.Zip(values).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
                    var label = string.IsNullOrWhiteSpace(examples.Name) ? "Examples" : examples.Name;
                    var name = string.Create(CultureInfo.InvariantCulture, $"{scenario.Name} [{label} #{row}: {string.Join(", ", values)}]");
                    var allTags = tags.Concat(TagNames(scenario.Tags)).Concat(TagNames(examples.Tags)).ToList();
                    yield return new GherkinScenario(feature, Unique(names, name), allTags, Steps(background.Concat(scenario.Steps), substitutions));
                }
            }
        }
    }

    private static IEnumerable<(Scenario Scenario, IReadOnlyList<string> Tags, IReadOnlyList<Step> Background)> Flatten(
        IEnumerable<IHasLocation> children, IReadOnlyList<string> tags, IReadOnlyList<Step> inheritedBackground)
    {
        var background = inheritedBackground;
        foreach (var child in children)
        {
            switch (child)
            {
                case Background backgroundNode:
                    background = [.. inheritedBackground, .. backgroundNode.Steps];
                    break;
                case Scenario scenario:
                    yield return (scenario, tags, background);
                    break;
                case Rule rule:
                    foreach (var nested in Flatten(rule.Children, [.. tags, .. TagNames(rule.Tags)], background))
                    {
                        yield return nested;
                    }

                    break;
            }
        }
    }

    private static List<GherkinStep> Steps(IEnumerable<Step> steps, IReadOnlyDictionary<string, string>? substitutions) =>
        steps.Select(step => new GherkinStep(
                step.Keyword.Trim(),
                Substitute(step.Text, substitutions),
                step.DataTable?.Rows.Select(row => (IReadOnlyList<string>)row.Cells.Select(cell => Substitute(cell.Value, substitutions)).ToList()).ToList()))
            .ToList();

    private static string Substitute(string text, IReadOnlyDictionary<string, string>? substitutions)
    {
        if (substitutions is null)
        {
            return text;
        }

        foreach (var (name, value) in substitutions)
        {
            text = text.Replace("<" + name + ">", value, StringComparison.Ordinal);
        }

        return text;
    }

    private static List<string> TagNames(IEnumerable<Tag> tags) => tags.Select(tag => tag.Name).ToList();

    private static string Unique(HashSet<string> names, string name)
    {
        var candidate = name;
        for (var i = 2; !names.Add(candidate); i++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{name} ({i})");
        }

        return candidate;
    }
}
