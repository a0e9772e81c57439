using System.Globalization;

namespace FlagGrains.Testing;

/// <summary><c>--name value</c> pairs of the harnesses (load, chaos); each states its defaults where it reads them.</summary>
public sealed class CommandLine(IReadOnlyDictionary<string, string> values)
{
    public static CommandLine Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal)) name = arg[2..];
            else if (name is not null) { values[name] = arg; name = null; }
        }

        return new CommandLine(values);
    }

    public string Text(string name, string? fallback = null) =>
        values.TryGetValue(name, out var value) ? value
        : fallback ?? throw new ArgumentException($"--{name} is required.");

    public int Number(string name, int fallback) =>
        values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public IReadOnlyList<string> List(string name) => Text(name).Split(',', StringSplitOptions.RemoveEmptyEntries);
}
