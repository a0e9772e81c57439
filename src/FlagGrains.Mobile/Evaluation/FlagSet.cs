namespace FlagGrains.Mobile.Evaluation;

/// <summary>
/// Everything the getters serve, swapped as a whole: a reader never sees half an update and needs no lock.
/// </summary>
internal sealed class FlagSet
{
    public static readonly FlagSet Empty = new(new Dictionary<string, FlagEvaluation>(StringComparer.Ordinal), FlagValueSource.CodeDefault, null);

    public FlagSet(IReadOnlyDictionary<string, FlagEvaluation> flags, FlagValueSource source, string? contextFingerprint)
    {
        Flags = flags;
        Source = source;
        ContextFingerprint = contextFingerprint;
    }

    public IReadOnlyDictionary<string, FlagEvaluation> Flags { get; }

    public FlagValueSource Source { get; }

    /// <summary>Which context these values were evaluated for (null for bootstrap values).</summary>
    public string? ContextFingerprint { get; }

    public static FlagSet From(IEnumerable<FlagEvaluation> flags, FlagValueSource source, string? contextFingerprint)
    {
        var byKey = new Dictionary<string, FlagEvaluation>(StringComparer.Ordinal);
        foreach (var flag in flags) byKey[flag.Key] = flag;
        return new FlagSet(byKey, source, contextFingerprint);
    }

    /// <summary>Keys added, removed or served differently from <paramref name="previous"/>.</summary>
    public IReadOnlyList<string> ChangedSince(FlagSet previous)
    {
        var changed = new List<string>();
        foreach (var pair in Flags)
        {
            if (!previous.Flags.TryGetValue(pair.Key, out var before) || !before.SameAs(pair.Value)) changed.Add(pair.Key);
        }

        foreach (var key in previous.Flags.Keys)
        {
            if (!Flags.ContainsKey(key)) changed.Add(key);
        }

        return changed;
    }
}
