namespace FlagGrains.Domain.Tests.Gherkin;

/// <summary>A runnable scenario: background plus scenario steps, with outline placeholders filled in.</summary>
internal sealed record GherkinScenario(string Feature, string Name, IReadOnlyList<string> Tags, IReadOnlyList<GherkinStep> Steps);

/// <summary>One step; <see cref="Table"/> holds its data table rows (header first), if any.</summary>
internal sealed record GherkinStep(string Keyword, string Text, IReadOnlyList<IReadOnlyList<string>>? Table);
