using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Checking;

/// <summary>
/// "Versions are monotonic" and "What a device observes", exactly as far as they go:
/// <list type="bullet">
/// <item>a silo never serves an older version than it served before (per process: a restart starts afresh);</item>
/// <item>one SSE connection never announces a version lower than, or equal to, one it announced;</item>
/// <item>a bulk request whose re-fetch hint or If-None-Match names version n is answered with n or newer, unless the
/// silo waited the full re-fetch wait (3 s) first;</item>
/// <item>a device's values move back only through such a waited answer (the SDK's hinted retry, or another OFREP
/// client's revalidation). Unguarded answers from different silos may be older: the doc does not promise more.</item>
/// </list>
/// </summary>
public static class MonotonicReads
{
    public static IEnumerable<Violation> Check(HistoryIndex history, CheckerLimits limits) =>
        PerSilo(history).Concat(PerStream(history)).Concat(GuardedAnswers(history, limits)).Concat(PerDevice(history, limits));

    private static IEnumerable<Violation> PerSilo(HistoryIndex history)
    {
        // What a silo served, when: answers (whole operation inside the silo's live window, so a restarted process at the
        // same address is never mistaken for the old one) and stream events (the silo had published the version before
        // the event arrived; when it wrote the event is unknown, so events only bound what comes after them).
        var answers = history.Ops
            .Where(o => o.Kind == OpKinds.Bulk && o.Status is 200 or 304 && o.Version is not null && history.WasLive(o.Silo, o.T0, o.T1!.Value))
            .ToList();
        var events = history.Events.Where(e => e.Version is not null && history.WasLive(e.Silo, e.T0, e.T0)).ToList();
        foreach (var silo in answers.Select(a => a.Silo!).Distinct())
        {
            var seen = answers.Where(a => a.Silo == silo).Select(a => (End: a.T1!.Value, Record: a))
                .Concat(events.Where(e => e.Silo == silo).Select(e => (End: e.T0, Record: e)))
                .OrderBy(s => s.End)
                .ToList();
            var next = 0;
            HistoryRecord? highest = null;
            foreach (var answer in answers.Where(a => a.Silo == silo).OrderBy(a => a.T0))
            {
                for (; next < seen.Count && seen[next].End < answer.T0; next++)
                {
                    if (highest is null || seen[next].Record.Version > highest.Version) highest = seen[next].Record;
                }

                if (highest is not null && answer.Version < highest.Version)
                {
                    yield return new(Rules.MonotonicRead, answer.Id,
                        $"{answer} went back on {silo}: #{highest.Id} ({highest.Type} of version {highest.Version}) had already come from that silo before this started");
                }
            }
        }
    }

    private static IEnumerable<Violation> PerStream(HistoryIndex history)
    {
        foreach (var stream in history.Events.Where(e => e.Version is not null).GroupBy(e => e.Stream))
        {
            HistoryRecord? previous = null;
            foreach (var received in stream.OrderBy(e => e.T0).ThenBy(e => e.Id))
            {
                if (previous is not null && received.Version <= previous.Version)
                    yield return new(Rules.MonotonicRead, received.Id, $"stream #{stream.Key} announced version {received.Version} after version {previous.Version} (#{previous.Id})");
                previous = received;
            }
        }
    }

    private static IEnumerable<Violation> GuardedAnswers(HistoryIndex history, CheckerLimits limits)
    {
        foreach (var answer in history.Ops.Where(o => o.Kind == OpKinds.Bulk && o.Status == 200 && o.Version is not null))
        {
            var guard = Math.Max(answer.Hint ?? -1, answer.Guard ?? -1);
            if (answer.Version >= guard) continue;
            var waited = TimeSpan.FromMilliseconds(answer.T1!.Value - answer.T0);
            if (waited < limits.RefetchWait)
            {
                yield return new(Rules.MonotonicRead, answer.Id,
                    $"{answer} is older than the version v{guard} its request named, answered after {waited.TotalMilliseconds:0} ms without the {limits.RefetchWait.TotalSeconds:0.#} s wait");
            }
        }
    }

    private static IEnumerable<Violation> PerDevice(HistoryIndex history, CheckerLimits limits)
    {
        var answersByDevice = history.Ops.Where(o => o.Kind == OpKinds.Bulk && o.Status == 200 && o.Version is not null)
            .GroupBy(o => o.Actor ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var device in history.States.GroupBy(s => s.Actor ?? ""))
        {
            var answers = answersByDevice.TryGetValue(device.Key, out var list) ? list : [];
            (long Version, HistoryRecord State)? held = null;
            foreach (var state in device.OrderBy(s => s.T0).ThenBy(s => s.Id))
            {
                var version = state.Version ?? (state.Values is { } values ? history.VersionOf(values) : null);
                if (version is not { } applied) continue;
                if (held is { } before && applied < before.Version)
                {
                    var justified = answers.Any(a => a.Version == applied && a.T1 <= state.T0
                                                     && Math.Max(a.Hint ?? -1, a.Guard ?? -1) >= before.Version
                                                     && TimeSpan.FromMilliseconds(a.T1!.Value - a.T0) >= limits.RefetchWait);
                    if (!justified)
                    {
                        yield return new(Rules.MonotonicRead, state.Id,
                            $"{device.Key} went back to version {applied} at {state.T0 / 1000:0.000} s after holding version {before.Version} (#{before.State.Id}), " +
                            "and no answer to a request naming its version waited the re-fetch wait first");
                    }
                }

                held = (applied, state);
            }
        }
    }
}
