using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlagGrains.Domain.Releases;

/// <summary>
/// The part of a flag's targeting a release owns: a <c>fractional</c> split between the rolled-out variant and the
/// baseline, placed where the flag decides "everyone else", so every rule in front of it keeps deciding first.
/// </summary>
/// <remarks>
/// The split is always <c>[[variant, p], [baseline, 100 − p]]</c> over a constant total of 100. flagd's bucketing maps a
/// user to one point of [0, 100) that never moves, and the variant covers [0, p): raising p only adds users, so whoever
/// got the variant at one step keeps it at every later step. Percent steps keep the split editable in the console's
/// rule builder, whose rollouts are whole percentages adding up to 100.
/// </remarks>
public static class ReleaseSplit
{
    public const int TotalWeight = 100;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The split at <paramref name="percent"/> (0: everyone gets the baseline; 100: everyone the variant).</summary>
    public static JsonObject Node(string variant, string baseline, int percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, TotalWeight);
        return new JsonObject
        {
            ["fractional"] = new JsonArray(
                new JsonArray(JsonValue.Create(variant), JsonValue.Create(percent)),
                new JsonArray(JsonValue.Create(baseline), JsonValue.Create(TotalWeight - percent))),
        };
    }

    /// <summary>
    /// Writes the split into the flag's fallback slot and returns the new flag JSON, or the problem that prevents it
    /// (variants missing, or targeting whose fallback cannot be found). Nothing but the slot changes.
    /// </summary>
    public static SplitPlacement Place(string flagJson, string variant, string baseline, int percent)
    {
        if (JsonNode.Parse(flagJson) is not JsonObject flag)
            return SplitPlacement.Refused("flag", "The flag is not a JSON object.");

        var variants = flag["variants"] as JsonObject;
        var names = variants?.Select(v => v.Key).ToList() ?? [];
        foreach (var (field, name) in new[] { ("variant", variant), ("baseline", baseline) })
        {
            if (variants is null || !variants.ContainsKey(name))
                return SplitPlacement.Refused(field, $"The flag has no variant '{name}'; its variants are {Quoted(names)}.");
        }

        if (variant == baseline)
            return SplitPlacement.Refused("baseline", "The baseline must be another variant than the one rolled out.");

        var split = Node(variant, baseline, percent);
        var targeting = flag["targeting"];
        string? previous;
        if (targeting is null || targeting is JsonObject { Count: 0 } || IsSplit(targeting))
        {
            previous = IsSplit(targeting) ? targeting!.ToJsonString() : null;
            flag["targeting"] = split;
        }
        else if (FallbackOf(targeting) is { } chain)
        {
            previous = chain.Count % 2 == 1 ? chain[^1]?.ToJsonString() : null;
            if (chain.Count % 2 == 1) chain[^1] = split;
            else chain.Add(split);
        }
        else
        {
            return SplitPlacement.Refused("flag",
                "The flag's targeting is neither a chain of rules ({\"if\": [condition, variant, …, fallback]}) nor a percentage split, " +
                "so there is no place that decides \"everyone else\" for the release to take over. Write the targeting as rules, or remove it.");
        }

        return new SplitPlacement(flag.ToJsonString(Indented), null, null, previous, split.ToJsonString());
    }

    /// <summary>What the flag's fallback slot holds now (compact JSON; null when there is none).</summary>
    public static string? CurrentSlot(string flagJson)
    {
        if (JsonNode.Parse(flagJson) is not JsonObject flag) return null;
        var targeting = flag["targeting"];
        if (targeting is null || targeting is JsonObject { Count: 0 }) return null;
        if (IsSplit(targeting)) return targeting.ToJsonString();
        return FallbackOf(targeting) is { Count: var count } chain && count % 2 == 1 ? chain[^1]?.ToJsonString() : null;
    }

    /// <summary>
    /// The innermost <c>if</c> argument list whose last element decides everyone no rule matched: an <c>else</c> that is
    /// itself an <c>if</c> is followed, so hand-nested chains work as flat ones do.
    /// </summary>
    private static JsonArray? FallbackOf(JsonNode targeting)
    {
        var chain = IfArguments(targeting);
        while (chain is { Count: >= 3 } && chain.Count % 2 == 1 && IfArguments(chain[^1]) is { } nested)
            chain = nested;
        return chain;
    }

    private static JsonArray? IfArguments(JsonNode? node) =>
        node is JsonObject { Count: 1 } operation && operation["if"] is JsonArray { Count: >= 2 } arguments ? arguments : null;

    private static bool IsSplit(JsonNode? node) => node is JsonObject { Count: 1 } operation && operation.ContainsKey("fractional");

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}

/// <summary>
/// Outcome of <see cref="ReleaseSplit.Place"/>: the new flag JSON, or a problem naming the request field at fault.
/// <see cref="PreviousSlot"/> is what the fallback held before; <see cref="Split"/> what the release wrote there.
/// </summary>
public sealed record SplitPlacement(string? FlagJson, string? Field, string? Problem, string? PreviousSlot, string? Split)
{
    public bool Placed => FlagJson is not null;

    public static SplitPlacement Refused(string field, string problem) => new(null, field, problem, null, null);
}
