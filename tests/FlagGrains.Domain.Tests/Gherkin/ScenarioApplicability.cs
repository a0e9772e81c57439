namespace FlagGrains.Domain.Tests.Gherkin;

/// <summary>
/// Which test-bed scenarios apply to this evaluator, by tag (the test bed's own opt-out mechanism,
/// see flagd-testbed/agents.md). Everything not listed here must pass.
/// </summary>
internal static class ScenarioApplicability
{
    private static readonly IReadOnlyDictionary<string, string> NotApplicableTags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["@fractional-v1"] = "legacy float bucketing (abs(hash)/i32::MAX*100), superseded by @fractional-v2 which flagd releases implement",
        ["@fractional-v3"] = "CBOR-encoded hashing from an accepted ADR that no released flagd implements yet",
    };

    /// <summary>Null when the scenario applies, otherwise why it does not.</summary>
    public static string? ReasonNotApplicable(GherkinScenario scenario)
    {
        foreach (var tag in scenario.Tags)
        {
            if (NotApplicableTags.TryGetValue(tag, out var reason))
            {
                return $"{tag}: {reason}";
            }
        }

        return null;
    }
}
