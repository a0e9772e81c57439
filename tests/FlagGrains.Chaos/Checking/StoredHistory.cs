using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Checking;

/// <summary>
/// What the database stored, version by version, rebuilt from the audit log read back at the end of the run (each
/// change's after-values; docs/consistency.md: the audit entry is written in the same row as the change). Versions
/// after the first gap cannot be rebuilt and are not judged by value.
/// </summary>
public sealed class StoredHistory
{
    private readonly Dictionary<long, Dictionary<string, string>> _documents = [];
    private readonly Dictionary<string, long> _versionOfStamp = new(StringComparer.Ordinal);

    public StoredHistory(IEnumerable<HistoryRecord> audit)
    {
        var entries = audit.GroupBy(a => a.Version ?? -1).ToDictionary(g => g.Key, g => g.ToList());
        Available = entries.Count > 0;
        Duplicates = entries.Where(e => e.Value.Count > 1).Select(e => e.Value[1]).ToList();
        Newest = entries.Count == 0 ? 0 : entries.Keys.Max();

        var document = new Dictionary<string, string>(StringComparer.Ordinal);
        long version = 1;
        for (; entries.TryGetValue(version, out var entry); version++)
        {
            foreach (var (flag, stamp) in entry[0].Values ?? [])
            {
                if (stamp.Length == 0) document.Remove(flag);
                else document[flag] = stamp;
                _versionOfStamp.TryAdd(stamp, version);
            }

            _documents[version] = new Dictionary<string, string>(document, StringComparer.Ordinal);
        }

        Contiguous = version - 1;
        Missing = Enumerable.Range(1, (int)Math.Max(0, Newest)).Select(v => (long)v).Where(v => !entries.ContainsKey(v)).ToList();
    }

    /// <summary>False when the audit could not be read: value rules then fall back to what was observed.</summary>
    public bool Available { get; }

    /// <summary>The newest stored version.</summary>
    public long Newest { get; }

    /// <summary>Versions 1..<see cref="Contiguous"/> are all present and rebuilt.</summary>
    public long Contiguous { get; }

    public IReadOnlyList<long> Missing { get; }

    /// <summary>Second entries for a version that already had one.</summary>
    public IReadOnlyList<HistoryRecord> Duplicates { get; }

    public bool Knows(long version) => _documents.ContainsKey(version);

    /// <summary>The flag values stored as <paramref name="version"/> (flag → stamp).</summary>
    public IReadOnlyDictionary<string, string> Document(long version) => _documents[version];

    /// <summary>The version that stored <paramref name="stamp"/>, if a rebuilt version did.</summary>
    public long? VersionOf(string stamp) => _versionOfStamp.TryGetValue(stamp, out var version) ? version : null;

    public IEnumerable<(long Version, IReadOnlyDictionary<string, string> Document)> Versions() =>
        _documents.OrderBy(d => d.Key).Select(d => (d.Key, (IReadOnlyDictionary<string, string>)d.Value));
}
