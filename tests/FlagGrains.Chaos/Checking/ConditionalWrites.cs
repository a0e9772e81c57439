using System.Globalization;
using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Checking;

/// <summary>
/// "If-Match is compared inside the grain's turn: a stale precondition is a 412 and nothing is written": a flag-set
/// write with <c>If-Match: "v{n}"</c> is acknowledged only as version n + 1; a flag write with the flag's ETag only
/// when that flag still held what was read; and a write refused with 412 or 400 never shows up in the stored history.
/// </summary>
public static class ConditionalWrites
{
    public static IEnumerable<Violation> Check(HistoryIndex history, CheckerLimits limits)
    {
        var stored = history.Stored;
        foreach (var write in history.Acknowledged.Where(w => w.IfMatch is not null))
        {
            var version = write.Version!.Value;
            if (write.Kind == OpKinds.PutSet && TryReadVersion(write.IfMatch!, out var expected) && version != expected + 1)
            {
                yield return new(Rules.ConditionalWrite, write.Id,
                    $"{write} succeeded as version {version}, so the current version was {version - 1}, not the v{expected} it named");
            }
            else if (write.Kind == OpKinds.PutFlag && write.ReadStamp is { } read && write.Values?.Keys.SingleOrDefault() is { } flag && stored.Knows(version - 1))
            {
                var before = stored.Document(version - 1).TryGetValue(flag, out var held) ? held : "(absent)";
                if (before != read)
                {
                    yield return new(Rules.ConditionalWrite, write.Id,
                        $"{write} succeeded against the ETag of {flag}={read}, but version {version - 1} held {flag}={before}");
                }
            }
        }

        foreach (var refused in history.Writes.Where(w => w.Status is 412 or 400))
        {
            var storedAs = (refused.Values ?? []).Values.Select(stored.VersionOf).FirstOrDefault(v => v is not null);
            if (storedAs is { } version)
                yield return new(Rules.ConditionalWrite, refused.Id, $"{refused} was refused, yet its values were stored as version {version}");
        }
    }

    private static bool TryReadVersion(string ifMatch, out long version)
    {
        version = 0;
        return ifMatch is ['"', 'v', .. var digits, '"'] && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
