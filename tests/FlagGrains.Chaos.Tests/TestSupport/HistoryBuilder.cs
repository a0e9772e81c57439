using FlagGrains.Chaos.Checking;
using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Tests.TestSupport;

/// <summary>
/// Hand-made histories for the checker's tests. <see cref="Healthy"/> is a small run that keeps every promise; each test
/// adds the one record that breaks (or, for the quiet cases, nearly breaks) a rule. Times are milliseconds.
/// </summary>
public sealed class HistoryBuilder
{
    public const string Silo1 = "silo1#1";
    public const string Silo2 = "silo2#1";

    private readonly List<HistoryRecord> _records = [];
    private long _id;

    /// <summary>
    /// Two silos live from 0; version 1 stores f0=a, f1=a (a whole set), version 2 sets f0=b (a flag write with
    /// If-Match read from f0=a); a device reads version 2; the faults end at 10 s; both silos' final reads serve version 2.
    /// </summary>
    public static HistoryBuilder Healthy()
    {
        var history = new HistoryBuilder()
            .Silo(Silo1, ready: 0)
            .Silo(Silo2, ready: 0)
            .Stored(1, ("f0", "a"), ("f1", "a"))
            .Stored(2, ("f0", "b"));
        history.Write(OpKinds.PutSet, 100, 200, 200, 1, [("f0", "a"), ("f1", "a")]);
        history.Write(OpKinds.PutFlag, 300, 400, 200, 2, [("f0", "b")], ifMatch: "\"etag-of-a\"", readStamp: "a");
        history.Bulk(500, 510, 200, 2, V2);
        history.Phase(Phases.FaultsEnded, 10_000);
        history.Bulk(20_000, 20_010, 200, 2, V2, silo: Silo1, actor: LostWrites.FinalActor);
        history.Bulk(20_000, 20_010, 200, 2, V2, silo: Silo2, actor: LostWrites.FinalActor);
        return history;
    }

    /// <summary>Version 1's values in <see cref="Healthy"/>.</summary>
    public static readonly (string, string)[] V1 = [("f0", "a"), ("f1", "a")];

    /// <summary>Version 2's values in <see cref="Healthy"/>.</summary>
    public static readonly (string, string)[] V2 = [("f0", "b"), ("f1", "a")];

    public HistoryBuilder Silo(string label, double ready, double? leaving = null)
    {
        Add(new HistoryRecord { Type = RecordTypes.Silo, Kind = SiloTransitions.Ready, Silo = label, T0 = ready });
        if (leaving is { } left) Add(new HistoryRecord { Type = RecordTypes.Silo, Kind = SiloTransitions.Leaving, Silo = label, T0 = left });
        return this;
    }

    public HistoryBuilder Stored(long version, params (string Flag, string Stamp)[] changes)
    {
        Add(new HistoryRecord { Type = RecordTypes.Audit, Kind = "flag.put", Version = version, Values = Values(changes) });
        return this;
    }

    public HistoryBuilder Phase(string phase, double at)
    {
        Add(new HistoryRecord { Type = RecordTypes.Phase, Kind = phase, T0 = at });
        return this;
    }

    public HistoryRecord Write(
        string kind, double t0, double t1, int status, long? version, (string, string)[] values,
        string? ifMatch = null, string? readStamp = null, bool? retryAfter = null, string silo = Silo1) =>
        Add(new HistoryRecord
        {
            Type = RecordTypes.Op, Actor = "writer-1", Kind = kind, Silo = silo, T0 = t0, T1 = t1, Status = status, Version = version,
            Values = Values(values), IfMatch = ifMatch, ReadStamp = readStamp, RetryAfter = retryAfter,
        });

    public HistoryRecord Bulk(
        double t0, double t1, int status, long? version, (string, string)[]? values = null,
        long? hint = null, long? guard = null, string silo = Silo1, string actor = "poller-1") =>
        Add(new HistoryRecord
        {
            Type = RecordTypes.Op, Actor = actor, Kind = OpKinds.Bulk, Silo = silo, T0 = t0, T1 = t1, Status = status, Version = version,
            Values = values is null ? null : Values(values), Hint = hint, Guard = guard,
        });

    public HistoryRecord Op(string kind, double t0, double t1, int status, string silo = Silo1, string actor = "poller-1", string? ifMatch = null, bool? retryAfter = null) =>
        Add(new HistoryRecord { Type = RecordTypes.Op, Actor = actor, Kind = kind, Silo = silo, T0 = t0, T1 = t1, Status = status, IfMatch = ifMatch, RetryAfter = retryAfter });

    public HistoryRecord Event(long stream, double at, long version, string silo = Silo1) =>
        Add(new HistoryRecord { Type = RecordTypes.Event, Actor = "sdk-1", Stream = stream, Silo = silo, T0 = at, Version = version });

    public HistoryRecord State(string actor, double at, long? version, params (string, string)[] values) =>
        Add(new HistoryRecord { Type = RecordTypes.State, Actor = actor, T0 = at, Version = version, Values = values.Length == 0 ? null : Values(values) });

    public HistoryBuilder Without(Func<HistoryRecord, bool> remove)
    {
        _records.RemoveAll(r => remove(r));
        return this;
    }

    public IReadOnlyList<HistoryRecord> Build() => [.. _records];

    /// <summary>The violations of one rule in this history.</summary>
    public IReadOnlyList<Violation> Violations(string rule) => [.. Checker.Check(Build()).Where(v => v.Rule == rule)];

    private HistoryRecord Add(HistoryRecord record)
    {
        record = record with { Id = ++_id };
        _records.Add(record);
        return record;
    }

    private static Dictionary<string, string> Values((string Flag, string Stamp)[] values) =>
        values.ToDictionary(v => v.Flag, v => v.Stamp, StringComparer.Ordinal);
}
