using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Checking;

/// <summary>
/// What each answer may be. Evaluations (bulk, single flag, stream connect) on a silo that was live for the whole
/// request answer 200 (bulk also 304) or 429: "evaluations keep working while the database or another silo is down",
/// and the key the devices use is never revoked, so 401/403 would strand a device. Writes and admin reads answer 2xx,
/// 412 (If-Match), or 503 with Retry-After ("503 means not known to be stored"); no answer at all is an ambiguous
/// failure the doc allows for writes. A silo being killed or stopped is not judged.
/// </summary>
public static class BadAnswers
{
    public static IEnumerable<Violation> Check(HistoryIndex history, CheckerLimits limits)
    {
        foreach (var op in history.Ops)
        {
            var live = history.WasLive(op.Silo, op.T0, op.T1 ?? op.T0);
            var problem = OpKinds.IsEvaluation(op.Kind) ? Evaluation(op, live)
                : OpKinds.IsWrite(op.Kind) || OpKinds.IsAdminRead(op.Kind) ? Admin(op, live)
                : null;
            if (problem is not null) yield return new(Rules.BadAnswer, op.Id, $"{op}: {problem}");
        }
    }

    private static string? Evaluation(HistoryRecord op, bool live) => op.Status switch
    {
        200 or 429 => null,
        304 when op.Kind == OpKinds.Bulk => null,
        _ when !live => null,
        0 => "a live silo gave no answer",
        >= 500 => "a live silo answered an evaluation with a server error",
        _ => "an answer the API does not document for a valid key and request",
    };

    private static string? Admin(HistoryRecord op, bool live) => op.Status switch
    {
        0 => null,
        >= 200 and < 300 => null,
        412 when op.IfMatch is not null => null,
        503 when op.RetryAfter == true => null,
        503 when live => "503 without Retry-After",
        >= 500 when live => "a server error other than 503: the caller cannot tell whether it may retry",
        >= 500 => null,
        _ => "an answer the API does not document for a valid request",
    };
}
