using FlagGrains.Domain.Evaluation;
using FlagGrains.Serving.Tallies;

namespace FlagGrains.Serving.Tests.Tallies;

public sealed class EvaluationTallyTests
{
    private static EvaluationResult Result(string flag, string? variant, string reason) =>
        new(flag, null, variant, reason, null, null, default);

    private static Dictionary<(string, string?, string), long> Totals(EvaluationTally tally)
    {
        var totals = new long[tally.SlotCount];
        tally.ReadTotals(totals);
        return Enumerable.Range(0, totals.Length).Where(i => totals[i] > 0).ToDictionary(tally.Describe, i => totals[i]);
    }

    [Fact]
    public void Counts_each_flag_by_variant_and_reason()
    {
        var tally = new EvaluationTally(["a", "b"]);
        tally.Record(0, Result("a", "on", Reasons.TargetingMatch));
        tally.Record(0, Result("a", "on", Reasons.TargetingMatch));
        tally.Record(0, Result("a", "off", Reasons.Default));
        tally.Record("b", Result("b", null, Reasons.Disabled));

        Assert.Equal(
            new Dictionary<(string, string?, string), long>
            {
                [("a", "on", Reasons.TargetingMatch)] = 2,
                [("a", "off", Reasons.Default)] = 1,
                [("b", null, Reasons.Disabled)] = 1,
            },
            Totals(tally));
    }

    [Fact]
    public void A_whole_set_is_counted_by_position_and_results_past_the_set_are_not()
    {
        var tally = new EvaluationTally(["a", "b"]);
        EvaluationResult[] results = [Result("a", "on", Reasons.TargetingMatch), Result("b", null, Reasons.Static), Result("c", "x", Reasons.Static)];
        tally.RecordAll(results);
        tally.RecordAll(results.AsSpan(0, 1));

        Assert.Equal(
            new Dictionary<(string, string?, string), long>
            {
                [("a", "on", Reasons.TargetingMatch)] = 2,
                [("b", null, Reasons.Static)] = 1,
            },
            Totals(tally));
    }

    [Fact]
    public void Unknown_flag_keys_and_positions_are_not_counted()
    {
        var tally = new EvaluationTally(["a"]);
        tally.Record("caller-chosen-name", Result("caller-chosen-name", null, Reasons.Error));
        tally.Record(5, Result("a", "on", Reasons.Static));

        Assert.Empty(Totals(tally));
    }

    [Fact]
    public void Variants_past_the_tracked_slots_share_the_other_slot()
    {
        var tally = new EvaluationTally(["many"]);
        for (var v = 0; v < EvaluationTally.NamedVariantSlots + 3; v++) tally.Record(0, Result("many", $"v{v}", Reasons.TargetingMatch));

        var totals = Totals(tally);
        Assert.Equal(EvaluationTally.NamedVariantSlots + 1, totals.Count);
        Assert.Equal(3, totals[("many", EvaluationTally.OtherVariant, Reasons.TargetingMatch)]);
    }

    [Fact]
    public void Recording_allocates_nothing()
    {
        var tally = new EvaluationTally(["a", "b"]);
        var on = Result("a", "on", Reasons.TargetingMatch);
        var off = Result("b", null, Reasons.Disabled);
        tally.Record(0, on);
        tally.Record("b", off);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            tally.Record(0, on);
            tally.Record("b", off);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task Concurrent_recording_loses_no_count()
    {
        var tally = new EvaluationTally(["a"]);
        const int PerThread = 100_000;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++) tally.Record(0, Result("a", i % 2 == 0 ? "on" : "off", Reasons.TargetingMatch));
        })));

        var totals = Totals(tally);
        Assert.Equal(2 * PerThread, totals[("a", "on", Reasons.TargetingMatch)]);
        Assert.Equal(2 * PerThread, totals[("a", "off", Reasons.TargetingMatch)]);
    }
}
