using System.Text;

namespace FlagGrains.Domain.Tests.Differential;

/// <summary>Counts agreements, explained exclusions and differences, and keeps the first differences readable.</summary>
internal sealed class DifferentialTally
{
    private const int DetailedDifferences = 25;
    private const int ContextPreview = 240;

    private readonly Dictionary<string, int> _excluded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _excludedFlags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _differencesPerFlag = new(StringComparer.Ordinal);
    private readonly List<string> _details = [];
    private readonly StreamWriter? _dump = Environment.GetEnvironmentVariable("FLAGGRAINS_DIFFERENTIAL_DUMP") is { Length: > 0 } path ? new StreamWriter(path) : null;

    public int Compared { get; private set; }

    public int Agreed { get; private set; }

    public int AgreedDespiteDeparture { get; private set; }

    public int Differences { get; private set; }

    public IReadOnlyDictionary<string, int> Excluded => _excluded;

    public void Agree(bool departureTaken)
    {
        Compared++;
        Agreed++;
        AgreedDespiteDeparture += departureTaken ? 1 : 0;
    }

    public void Exclude(string reason, string caseName, string flagKey)
    {
        _excluded[reason] = _excluded.GetValueOrDefault(reason) + 1;
        var flags = _excludedFlags.TryGetValue(reason, out var existing) ? existing : _excludedFlags[reason] = new(StringComparer.Ordinal);
        var flag = $"{caseName}/{flagKey}";
        flags[flag] = flags.GetValueOrDefault(flag) + 1;
    }

    public void Differ(string caseName, string flagKey, string context, Outcome ours, Outcome reference, IReadOnlyList<(string Departures, Outcome Outcome)> corrected)
    {
        Compared++;
        Differences++;
        var flag = $"{caseName}/{flagKey}";
        _dump?.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { flag, ours = ours.ToString(), reference = reference.ToString(), corrected = corrected.Select(item => $"{item.Departures}: {item.Outcome}").ToArray(), context }));
        _differencesPerFlag[flag] = _differencesPerFlag.GetValueOrDefault(flag) + 1;
        if (_details.Count < DetailedDifferences)
        {
            var preview = context.Length <= ContextPreview ? context : context[..ContextPreview] + $"… ({context.Length} chars)";
            _details.Add(
                $"{flag}\n    engine:    {ours}\n    reference: {reference}" +
                string.Concat(corrected.Select(item => $"\n    reference without {item.Departures}: {item.Outcome}")) +
                $"\n    context:   {preview}");
        }
    }

    public string Summary()
    {
        _dump?.Flush();
        var text = new StringBuilder();
        var excludedTotal = _excluded.Values.Sum();
        text.AppendLine($"{Compared + excludedTotal} evaluations (flag × context): {Compared} compared, {Agreed} agree, {Differences} differ; {excludedTotal} excluded.");
        text.AppendLine($"  {AgreedDespiteDeparture} of the agreeing ones went through a known reference departure that did not change the result.");
        text.AppendLine("Excluded, because undoing exactly these reference departures makes the reference agree:");
        foreach (var (reason, count) in _excluded.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var top = _excludedFlags[reason].OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Take(4);
            text.AppendLine($"  {count,7}  {reason}   (e.g. {string.Join(", ", top.Select(pair => $"{pair.Key} ×{pair.Value}"))})");
        }

        text.AppendLine("Departures:");
        foreach (var (name, description) in ReferenceDepartures.Reasons)
        {
            text.AppendLine($"  {name}: {description}");
        }

        return text.ToString();
    }

    public string Report()
    {
        var text = new StringBuilder(Summary());
        if (Differences == 0)
        {
            return text.ToString();
        }

        text.AppendLine("Differences per flag:");
        foreach (var (flag, count) in _differencesPerFlag.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"  {count,7}  {flag}");
        }

        text.AppendLine($"First {_details.Count} differences:");
        foreach (var detail in _details)
        {
            text.AppendLine("  " + detail);
        }

        return text.ToString();
    }
}
