namespace FlagGrains.Chaos.Checking;

/// <summary>One broken promise, naming the record (operation, event, state) that shows it.</summary>
public sealed record Violation(string Rule, long RecordId, string Message)
{
    public override string ToString() => $"[{Rule}] #{RecordId}: {Message}";
}

/// <summary>The checker's rules; each is one promise of docs/consistency.md (the section is named on each rule).</summary>
public static class Rules
{
    /// <summary>An acknowledged write is stored as the version it was acknowledged with, and every silo serves it (or newer) once the faults stop.</summary>
    public const string LostWrite = "lost-write";

    /// <summary>Acknowledged writes have distinct versions, in the order they were acknowledged.</summary>
    public const string WriteOrder = "write-order";

    /// <summary>Versions move forward on a silo, on a stream, across guarded re-fetches, and on a device.</summary>
    public const string MonotonicRead = "monotonic-read";

    /// <summary>Evaluations on a live silo answer 200 or 304; writes answer 2xx, 412 or 503 with Retry-After.</summary>
    public const string BadAnswer = "bad-answer";

    /// <summary>Once the faults end, every silo catches up within 5 s and then stays within the staleness bound.</summary>
    public const string StaleAfterFaults = "stale-after-faults";

    /// <summary>An If-Match write succeeds only against the current version (or flag), and a refused write stores nothing.</summary>
    public const string ConditionalWrite = "conditional-write";

    /// <summary>Values served under version v are version v's stored values.</summary>
    public const string ServedValues = "served-values";

    /// <summary>The stored history (audit log) holds every version from 1 to the newest, once each.</summary>
    public const string StoredHistory = "stored-history";

    public static readonly IReadOnlyList<string> All =
        [LostWrite, WriteOrder, MonotonicRead, BadAnswer, StaleAfterFaults, ConditionalWrite, ServedValues, StoredHistory];
}
