using System.Text.Json.Nodes;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;
using FlagGrains.Testing.Components;

namespace FlagGrains.Domain.Tests.Gherkin;

/// <summary>
/// The flag sets the test bed's provider-level suites run against. Its launchpad serves
/// <c>flags/allFlags.json</c>, the union of every non-selector file in <c>flags/</c>; the same union is
/// built here in memory from the files in place. A "selector" names one raw file instead.
/// </summary>
internal static class ProviderFlags
{
    private const string AllFlags = "flags/allFlags.json";

    private static readonly Lazy<CompiledFlagSet> Combined = new(() => Compile(CombinedJson()));
    private static readonly Lazy<CompiledFlagSet> SelectorFlags = new(() => Compile(ConformanceSuites.ReadText("flagd-testbed", "flags", "selector-flags.json")));

    public static CompiledFlagSet ForSelector(string? selector) => selector switch
    {
        null or AllFlags => Combined.Value,
        "rawflags/selector-flags.json" => SelectorFlags.Value,
        _ => throw new StepFailedException($"Unknown selector '{selector}'."),
    };

    private static string CombinedJson()
    {
        var flags = new JsonObject();
        var evaluators = new JsonObject();
        var files = Directory.GetFiles(ConformanceSuites.PathOf("flagd-testbed", "flags"), "*.json")
            .Where(file => !Path.GetFileName(file).StartsWith("selector", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var document = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            foreach (var (key, flag) in document["flags"]!.AsObject())
            {
                flags[key] = flag!.DeepClone();
            }

            if (document["$evaluators"] is JsonObject shared)
            {
                foreach (var (name, rule) in shared)
                {
                    evaluators[name] = rule!.DeepClone();
                }
            }
        }

        return new JsonObject { ["flags"] = flags, ["$evaluators"] = evaluators }.ToJsonString();
    }

    private static CompiledFlagSet Compile(string json)
    {
        var parsed = FlagSetDocument.Parse(json);
        if (!parsed.IsValid)
        {
            throw new InvalidOperationException("The test bed's flags were rejected: " + string.Join("; ", parsed.Errors));
        }

        return CompiledFlagSet.Compile(parsed.Document!);
    }
}
