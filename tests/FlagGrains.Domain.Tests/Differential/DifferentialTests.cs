using FlagGrains.Testing.Components;
using System.Text.Json;
using FlagGrains.Domain.Evaluation;
using Xunit.Abstractions;

namespace FlagGrains.Domain.Tests.Differential;

/// <summary>
/// Differential test against the official reference evaluator, @openfeature/flagd-core (pinned in
/// tests/differential-node): thousands of seeded contexts, every flag of several flag files, and any
/// difference in value, variant, reason or error code fails. Known departures of the reference from
/// flagd's specification are excluded only where undoing them makes the reference agree (see
/// <see cref="ReferenceDepartures"/>), and counted.
/// </summary>
[Collection(DifferentialCollection.Name)]
public sealed class DifferentialTests(ITestOutputHelper output)
{
    private const int Seed = 20_260_101;
    private const int ContextCount = 2_500;
    private const string UnknownFlag = "differential-no-such-flag";

    [ComponentFact(Component.NodeReference, Component.Conformance)]
    public void Engine_agrees_with_flagd_core_on_generated_contexts()
    {
        TestComponents.Require(Component.NodeReference);

        var cases = DifferentialCases.Load(DifferentialCases.Clock()).ToDictionary(item => item.Reference.Name, StringComparer.Ordinal);
        var contextTexts = ContextGenerator.Generate(Seed, ContextCount);
        var contexts = contextTexts.Select(Parse).ToArray();
        var keysPerCase = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var tally = new DifferentialTally();
        var lines = 0;

        ReferenceRunner.Run([.. cases.Values.Select(item => item.Reference)], contextTexts, SamplePools.NowMillis, line =>
        {
            lines++;
            if (line.Keys is { } keys)
            {
                keysPerCase[line.Case] = keys;
                Assert.Equal(UnknownFlag, keys[^1]);
                Assert.Equal(cases[line.Case].FlagSet.FlagKeys.Order(StringComparer.Ordinal), keys.SkipLast(1).Order(StringComparer.Ordinal));
            }

            Compare(cases[line.Case].FlagSet, line, keysPerCase[line.Case], contextTexts[line.Context], contexts[line.Context], tally);
        });

        output.WriteLine($"{contextTexts.Count} contexts (seed {Seed}) × {cases.Count} flag files ({string.Join(", ", cases.Keys)}), {lines} reference batches.");
        output.WriteLine(tally.Report());
        Assert.Equal(cases.Count * contextTexts.Count, lines);
        Assert.True(tally.Differences == 0, tally.Report());
    }

    private static void Compare(CompiledFlagSet flagSet, ReferenceLine line, IReadOnlyList<string> keys, string contextText, EvaluationContext context, DifferentialTally tally)
    {
        var results = new EvaluationResult[flagSet.FlagKeys.Count];
        flagSet.EvaluateAll(context, results);
        var byKey = new Dictionary<string, EvaluationResult>(results.Length, StringComparer.Ordinal);
        foreach (var result in results)
        {
            byKey[result.FlagKey] = result;
        }

        var index = 0;
        foreach (var item in line.Results.EnumerateArray())
        {
            var key = keys[index++];
            var ours = Outcome.FromEngine(byKey.TryGetValue(key, out var evaluated) ? evaluated : flagSet.Evaluate(key, context));
            var reference = Outcome.FromReference(item);
            var corrections = item.GetArrayLength() > 5 ? item[5] : default;
            if (ours == reference)
            {
                tally.Agree(departureTaken: corrections.ValueKind == JsonValueKind.Array);
                continue;
            }

            // The first corrected reference that agrees explains the difference; its departures are the reason.
            string? explained = null;
            var correctedOutcomes = new List<(string Departures, Outcome Outcome)>();
            if (corrections.ValueKind == JsonValueKind.Array)
            {
                foreach (var correction in corrections.EnumerateArray())
                {
                    var departures = correction[0].EnumerateArray().Select(name => name.GetString()!).ToArray();
                    var outcome = Outcome.FromReference(correction[1]);
                    correctedOutcomes.Add((string.Join(" + ", departures), outcome));
                    explained ??= outcome == ours ? ReferenceDepartures.Describe(departures) : null;
                }
            }

            if (explained is not null)
            {
                tally.Exclude(explained, line.Case, key);
                continue;
            }

            tally.Differ(line.Case, key, contextText, ours, reference, correctedOutcomes);
        }
    }

    private static EvaluationContext Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.True(EvaluationContext.TryFromJson(document.RootElement, out var context, out var error), $"The engine rejected {json}: {error}");
        return context;
    }
}
