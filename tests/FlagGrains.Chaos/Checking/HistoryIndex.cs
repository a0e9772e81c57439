using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Checking;

/// <summary>The history sorted into what the rules look up: operations, events, device states, live windows, phases.</summary>
public sealed class HistoryIndex
{
    private readonly Dictionary<string, List<(double Ready, double? Leaving)>> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _phases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _versionOfValues = new(StringComparer.Ordinal);

    public HistoryIndex(IReadOnlyList<HistoryRecord> history)
    {
        Records = history;
        Ops = history.Where(r => r.Type == RecordTypes.Op).ToList();
        Events = history.Where(r => r.Type == RecordTypes.Event).ToList();
        States = history.Where(r => r.Type == RecordTypes.State).ToList();
        Faults = history.Where(r => r.Type == RecordTypes.Fault).ToList();
        Writes = Ops.Where(o => OpKinds.IsWrite(o.Kind)).ToList();
        Acknowledged = Writes.Where(w => w.Status is >= 200 and < 300 && w.Version is not null).ToList();
        Stored = new StoredHistory(history.Where(r => r.Type == RecordTypes.Audit));

        foreach (var phase in history.Where(r => r.Type == RecordTypes.Phase && r.Kind is not null)) _phases.TryAdd(phase.Kind!, phase.T0);

        foreach (var transition in history.Where(r => r.Type == RecordTypes.Silo && r.Silo is not null).OrderBy(r => r.T0))
        {
            var windows = _windows.TryGetValue(transition.Silo!, out var list) ? list : _windows[transition.Silo!] = [];
            if (transition.Kind == SiloTransitions.Ready) windows.Add((transition.T0, null));
            else if (transition.Kind == SiloTransitions.Leaving && windows.Count > 0 && windows[^1].Leaving is null)
                windows[^1] = (windows[^1].Ready, transition.T0);
        }

        // Values identify a version: every write stamps what it writes with a value never used before. The stored
        // history says it best; answers fill in where it is missing.
        foreach (var (version, document) in Stored.Versions()) _versionOfValues.TryAdd(Key(document), version);
        foreach (var answer in Ops.Where(o => o.Kind == OpKinds.Bulk && o.Status == 200 && o.Version is not null && o.Values is not null).OrderBy(o => o.Version))
            _versionOfValues.TryAdd(Key(answer.Values!), answer.Version!.Value);
    }

    public IReadOnlyList<HistoryRecord> Records { get; }

    public IReadOnlyList<HistoryRecord> Ops { get; }

    public IReadOnlyList<HistoryRecord> Events { get; }

    public IReadOnlyList<HistoryRecord> States { get; }

    public IReadOnlyList<HistoryRecord> Faults { get; }

    public IReadOnlyList<HistoryRecord> Writes { get; }

    /// <summary>Writes answered 2xx with a version.</summary>
    public IReadOnlyList<HistoryRecord> Acknowledged { get; }

    public StoredHistory Stored { get; }

    public double? PhaseAt(string phase) => _phases.TryGetValue(phase, out var at) ? at : null;

    /// <summary>
    /// Whether the silo incarnation was in the load balancer (ready, not yet leaving) from <paramref name="from"/> to
    /// <paramref name="to"/>: only then is its answer held to the promises for live silos.
    /// </summary>
    public bool WasLive(string? silo, double from, double to) =>
        silo is not null && _windows.TryGetValue(silo, out var windows)
                         && windows.Any(w => w.Ready <= from && (w.Leaving is not { } leaving || to <= leaving));

    /// <summary>The version whose values these are (the first, when several versions changed no flag).</summary>
    public long? VersionOf(IReadOnlyDictionary<string, string> values) =>
        _versionOfValues.TryGetValue(Key(values), out var version) ? version : null;

    public static bool SameValues(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var other) && other == entry.Value);

    public static string Describe(IReadOnlyDictionary<string, string> values) =>
        string.Join(", ", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));

    private static string Key(IReadOnlyDictionary<string, string> values) =>
        string.Join('\n', values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}\t{v.Value}"));
}
