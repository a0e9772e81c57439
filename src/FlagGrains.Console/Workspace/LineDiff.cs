using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlagGrains.AdminConsole.Workspace;

public enum DiffLineKind
{
    Same,
    Removed,
    Added,
}

public sealed record DiffLine(DiffLineKind Kind, string Text);

/// <summary>Before/after JSON as indented lines marked same/removed/added (longest common subsequence), for reading a change.</summary>
public static class LineDiff
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IReadOnlyList<DiffLine> Compute(string? beforeJson, string? afterJson)
    {
        var before = Lines(beforeJson);
        var after = Lines(afterJson);

        // Flag definitions are a few dozen lines; the quadratic table stays small.
        var common = new int[before.Length + 1, after.Length + 1];
        for (var i = before.Length - 1; i >= 0; i--)
        {
            for (var j = after.Length - 1; j >= 0; j--)
            {
                common[i, j] = before[i] == after[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var lines = new List<DiffLine>();
        int b = 0, a = 0;
        while (b < before.Length && a < after.Length)
        {
            if (before[b] == after[a])
            {
                lines.Add(new DiffLine(DiffLineKind.Same, before[b++]));
                a++;
            }
            else if (common[b + 1, a] >= common[b, a + 1])
            {
                lines.Add(new DiffLine(DiffLineKind.Removed, before[b++]));
            }
            else
            {
                lines.Add(new DiffLine(DiffLineKind.Added, after[a++]));
            }
        }

        while (b < before.Length) lines.Add(new DiffLine(DiffLineKind.Removed, before[b++]));
        while (a < after.Length) lines.Add(new DiffLine(DiffLineKind.Added, after[a++]));
        return lines;
    }

    private static string[] Lines(string? json)
    {
        if (json is null) return [];
        try
        {
            return (JsonNode.Parse(json)?.ToJsonString(Indented) ?? "null").Split('\n');
        }
        catch (JsonException)
        {
            return json.Split('\n');
        }
    }
}
