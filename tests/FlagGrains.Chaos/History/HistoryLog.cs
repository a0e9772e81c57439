using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlagGrains.Chaos.History;

/// <summary>
/// The run's history as it happens: records from every actor, stamped by one monotonic clock, kept for the checker and
/// written to a JSON-lines file as they come, so a run that dies half-way still leaves what it saw.
/// </summary>
public sealed class HistoryLog : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<HistoryRecord> _records = [];
    private readonly StreamWriter? _file;
    private readonly Lock _lock = new();
    private long _nextId;

    public HistoryLog(string? path)
    {
        if (path is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _file = new StreamWriter(path, append: false);
    }

    /// <summary>Milliseconds since the run started.</summary>
    public double Now => _clock.Elapsed.TotalMilliseconds;

    /// <summary>An id for a record written later (a stream's own line comes when it ends, after its events).</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Adds the record, giving it an id unless it has one; returns it as stored.</summary>
    public HistoryRecord Add(HistoryRecord record)
    {
        if (record.Id == 0) record = record with { Id = NextId() };
        var line = JsonSerializer.Serialize(record, Json);
        lock (_lock)
        {
            _records.Add(record);
            _file?.WriteLine(line);
        }

        return record;
    }

    public IReadOnlyList<HistoryRecord> Snapshot()
    {
        lock (_lock) return [.. _records];
    }

    public void Flush()
    {
        lock (_lock) _file?.Flush();
    }

    public void Dispose()
    {
        lock (_lock) _file?.Dispose();
    }

    public static IReadOnlyList<HistoryRecord> Read(string path) =>
        File.ReadLines(path)
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<HistoryRecord>(line, Json) ?? throw new InvalidDataException($"Empty record in {path}."))
            .ToList();
}
