namespace FlagGrains.Chaos.History;

/// <summary>
/// One line of the history (JSON lines): an operation with its start and end, a stream event, a device's applied
/// values, a silo entering or leaving the load balancer, a fault, a phase of the run, or a stored change read back from
/// the audit log. One flat shape with optional fields, so a failing run can be read with <c>jq</c>. Times are
/// milliseconds since the run started (one monotonic clock for every actor).
/// </summary>
public sealed record HistoryRecord
{
    /// <summary>What the line is: one of <see cref="RecordTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>Unique per run; the checker names operations by it.</summary>
    public long Id { get; init; }

    /// <summary>Who did it: <c>writer-1</c>, <c>sdk-2</c>, <c>poller-1</c>, <c>final</c>, <c>harness</c>.</summary>
    public string? Actor { get; init; }

    /// <summary>The operation (<see cref="OpKinds"/>), fault (<see cref="FaultKinds"/>), phase or silo transition.</summary>
    public string? Kind { get; init; }

    /// <summary>The silo incarnation that answered (<c>silo2#3</c>: the third process of silo2), or a fault's target.</summary>
    public string? Silo { get; init; }

    public double T0 { get; init; }

    /// <summary>When the answer arrived (for a stream: its headers); null for instants.</summary>
    public double? T1 { get; init; }

    /// <summary>HTTP status; 0 when no answer came (refused, reset, timed out).</summary>
    public int? Status { get; init; }

    /// <summary>The environment version the answer carried (ETag), a write was acknowledged with, or an event announced.</summary>
    public long? Version { get; init; }

    /// <summary>Flag key → stamp: what a write wrote, an answer served, a device applied, or a stored change set.</summary>
    public Dictionary<string, string>? Values { get; init; }

    /// <summary>The version a re-fetch hint (<c>flagConfigEtag</c>) named.</summary>
    public long? Hint { get; init; }

    /// <summary>The version the bulk request's <c>If-None-Match</c> named.</summary>
    public long? Guard { get; init; }

    /// <summary>The If-Match header a write sent.</summary>
    public string? IfMatch { get; init; }

    /// <summary>The ETag an answer carried, where it is not a version (a single flag's).</summary>
    public string? ETag { get; init; }

    /// <summary>For a flag write with If-Match: the stamp that flag had when its ETag was read.</summary>
    public string? ReadStamp { get; init; }

    /// <summary>For a stream event: the id of its stream's operation.</summary>
    public long? Stream { get; init; }

    /// <summary>For a stream: when it ended.</summary>
    public double? Closed { get; init; }

    /// <summary>Whether a 503 carried Retry-After.</summary>
    public bool? RetryAfter { get; init; }

    /// <summary>Free text: an error body's start, why a stream ended, a fault's parameters.</summary>
    public string? Detail { get; init; }

    /// <summary>The run's settings (seed, duration, silos, ...), only on the <c>run</c> line.</summary>
    public Dictionary<string, string>? Settings { get; init; }

    public bool IsOp(string kind) => Type == RecordTypes.Op && Kind == kind;

    public override string ToString()
    {
        var parts = new List<string> { $"#{Id}", Type };
        if (Actor is not null) parts.Add(Actor);
        if (Kind is not null) parts.Add(Kind);
        if (Silo is not null) parts.Add($"via {Silo}");
        parts.Add(T1 is { } t1 ? $"{T0 / 1000:0.000}–{t1 / 1000:0.000} s" : $"at {T0 / 1000:0.000} s");
        if (Status is { } status) parts.Add(status == 0 ? "no answer" : $"status {status}");
        if (Version is { } version) parts.Add($"version {version}");
        if (Hint is { } hint) parts.Add($"hint v{hint}");
        if (Guard is { } guard) parts.Add($"If-None-Match v{guard}");
        if (IfMatch is not null) parts.Add($"If-Match {IfMatch}");
        if (Detail is not null) parts.Add($"({Detail})");
        return string.Join(' ', parts);
    }
}

public static class RecordTypes
{
    public const string Run = "run";
    public const string Phase = "phase";
    public const string Silo = "silo";
    public const string Fault = "fault";
    public const string Op = "op";
    public const string Event = "event";
    public const string State = "state";
    public const string Audit = "audit";
}

public static class OpKinds
{
    public const string PutSet = "put-set";
    public const string PutFlag = "put-flag";
    public const string GetSet = "get-set";
    public const string GetFlag = "get-flag";
    public const string Bulk = "bulk";
    public const string Flag = "flag";
    public const string Stream = "stream";

    public static bool IsWrite(string? kind) => kind is PutSet or PutFlag;

    public static bool IsAdminRead(string? kind) => kind is GetSet or GetFlag;

    public static bool IsEvaluation(string? kind) => kind is Bulk or Flag or Stream;
}

public static class FaultKinds
{
    public const string Kill = "kill";
    public const string Stop = "stop";
    public const string Restart = "restart";
    public const string Bounce = "bounce";
    public const string DatabaseOutage = "db-outage";
    public const string SlowDatabase = "db-slow";
}

public static class SiloTransitions
{
    /// <summary>Ready and added to the load balancer.</summary>
    public const string Ready = "ready";

    /// <summary>Taken out of the load balancer, just before it is killed or stopped.</summary>
    public const string Leaving = "leaving";
}

public static class Phases
{
    /// <summary>Set-up done, faults begin.</summary>
    public const string Chaos = "chaos";

    /// <summary>The last fault has ended: every silo ready again, the database whole and fast.</summary>
    public const string FaultsEnded = "faults-ended";

    /// <summary>Writers stopped; what follows only settles and reads.</summary>
    public const string WritersStopped = "writers-stopped";

    /// <summary>The final reads (actor <c>final</c>) begin.</summary>
    public const string Final = "final";
}
