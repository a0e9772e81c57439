using System.Collections.Frozen;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Serving.Tallies;

/// <summary>
/// Evaluation counts of one compiled snapshot, indexed by flag position × variant slot × reason. The OFREP hot path
/// only increments a <c>long</c>: no lock, no allocation, no tags; readers (metrics, the analytics flush) sum the
/// stripes later. Counts only grow, so a reader computes what is new by remembering what it saw.
/// </summary>
public sealed class EvaluationTally
{
    /// <summary>Distinct variants tracked per flag; flagd flags rarely have more, the rest share one slot.</summary>
    public const int NamedVariantSlots = 6;

    private const int NoVariantSlot = NamedVariantSlots;
    private const int OtherVariantSlot = NamedVariantSlots + 1;
    private const int VariantSlots = NamedVariantSlots + 2;
    private const int SlotsPerFlag = VariantSlots * ReasonCount;
    private const int ReasonCount = 5;

    /// <summary>Tag value of variants beyond <see cref="NamedVariantSlots"/>.</summary>
    public const string OtherVariant = "_other";

    private static readonly string[] ReasonNames = [Reasons.Static, Reasons.Default, Reasons.TargetingMatch, Reasons.Disabled, Reasons.Error];

    private readonly FrozenDictionary<string, int> _indexByKey;
    private readonly int _flagCount;

    // Per flag, the variant names in the order first seen; claimed lock-free on first sight.
    private readonly string?[] _variants;

    // One array per stripe (a core, roughly) so two cores counting the same flag do not fight over a cache line.
    private readonly long[][] _stripes;
    private readonly int _stripeMask;

    public EvaluationTally(IReadOnlyList<string> flagKeys)
    {
        FlagKeys = flagKeys;
        _flagCount = flagKeys.Count;
        _indexByKey = Enumerable.Range(0, flagKeys.Count).ToFrozenDictionary(i => flagKeys[i], StringComparer.Ordinal);
        _variants = new string?[flagKeys.Count * NamedVariantSlots];
        var stripes = (int)Math.Min(8, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));
        _stripeMask = stripes - 1;
        _stripes = new long[stripes][];
        for (var i = 0; i < stripes; i++) _stripes[i] = new long[Math.Max(1, flagKeys.Count * SlotsPerFlag)];
    }

    /// <summary>The flags counted, in the snapshot's order (the order of a bulk evaluation).</summary>
    public IReadOnlyList<string> FlagKeys { get; }

    /// <summary>Counts the evaluation of the flag at <paramref name="flagIndex"/> (its position in <see cref="FlagKeys"/>).</summary>
    public void Record(int flagIndex, in EvaluationResult result)
    {
        if ((uint)flagIndex >= (uint)_flagCount) return;
        Interlocked.Increment(ref _stripes[Thread.GetCurrentProcessorId() & _stripeMask][Slot(flagIndex, result)]);
    }

    /// <summary>
    /// A whole set's results, <paramref name="results"/>[i] being flag i's; the stripe is chosen once for all of them,
    /// not once per flag (a bulk answer counts every flag of the set).
    /// </summary>
    public void RecordAll(ReadOnlySpan<EvaluationResult> results)
    {
        var stripe = _stripes[Thread.GetCurrentProcessorId() & _stripeMask];
        var count = Math.Min(results.Length, _flagCount);
        for (var i = 0; i < count; i++) Interlocked.Increment(ref stripe[Slot(i, results[i])]);
    }

    /// <summary>
    /// Counts a single-flag evaluation. One lookup per request; an unknown key (FLAG_NOT_FOUND) is not counted, because
    /// a caller-chosen name must never become a metric series.
    /// </summary>
    public void Record(string flagKey, in EvaluationResult result)
    {
        if (_indexByKey.TryGetValue(flagKey, out var index)) Record(index, result);
    }

    /// <summary>Sums the stripes of every slot into <paramref name="totals"/> (length <see cref="SlotCount"/>).</summary>
    public void ReadTotals(Span<long> totals)
    {
        totals.Clear();
        foreach (var stripe in _stripes)
        {
            for (var i = 0; i < totals.Length; i++) totals[i] += Volatile.Read(ref stripe[i]);
        }
    }

    /// <summary>How many slots <see cref="ReadTotals"/> fills.</summary>
    public int SlotCount => _flagCount * SlotsPerFlag;

    /// <summary>Which flag, variant (null: none) and reason a slot counts.</summary>
    public (string FlagKey, string? Variant, string Reason) Describe(int slot)
    {
        var flag = slot / SlotsPerFlag;
        var variantSlot = slot % SlotsPerFlag / ReasonCount;
        var variant = variantSlot switch
        {
            NoVariantSlot => null,
            OtherVariantSlot => OtherVariant,
            _ => Volatile.Read(ref _variants[(flag * NamedVariantSlots) + variantSlot]),
        };
        return (FlagKeys[flag], variant, ReasonNames[slot % ReasonCount]);
    }

    private int Slot(int flagIndex, in EvaluationResult result) =>
        (flagIndex * SlotsPerFlag) + (VariantSlot(flagIndex, result.Variant) * ReasonCount) + ReasonSlot(result.Reason);

    private int VariantSlot(int flagIndex, string? variant)
    {
        if (variant is null) return NoVariantSlot;
        var first = flagIndex * NamedVariantSlots;
        for (var i = 0; i < NamedVariantSlots; i++)
        {
            ref var claimed = ref _variants[first + i];
            var seen = Volatile.Read(ref claimed);
            if (seen is null)
            {
                // First sight of this variant: claim the slot; if another core claimed it first, compare with theirs.
                seen = Interlocked.CompareExchange(ref claimed, variant, null) ?? variant;
            }

            if (ReferenceEquals(seen, variant) || string.Equals(seen, variant, StringComparison.Ordinal)) return i;
        }

        return OtherVariantSlot;
    }

    private static int ReasonSlot(string reason) => reason switch
    {
        Reasons.TargetingMatch => 2,
        Reasons.Static => 0,
        Reasons.Default => 1,
        Reasons.Disabled => 3,
        _ => 4,
    };
}
