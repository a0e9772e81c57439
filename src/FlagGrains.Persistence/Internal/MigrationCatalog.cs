using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace FlagGrains.Persistence.Internal;

/// <summary>
/// The migrations compiled into this assembly as embedded resources named
/// <c>Migrations/&lt;Kind&gt;/NNNN_name.sql</c> (see the csproj).
/// </summary>
internal static partial class MigrationCatalog
{
    private static readonly Assembly Assembly = typeof(MigrationCatalog).Assembly;

    public static IReadOnlyList<MigrationScript> For(DatabaseKind kind)
    {
        var prefix = $"Migrations/{kind}/";
        var scripts = Assembly.GetManifestResourceNames()
            // %(RecursiveDir) yields backslashes when built on Windows.
            .Where(resource => resource.Replace('\\', '/').StartsWith(prefix, StringComparison.Ordinal))
            .Select(resource => Load(resource, prefix.Length))
            .OrderBy(script => script.Version)
            .ToList();

        // A duplicate version would make "applied" ambiguous; that is a build mistake, not a runtime condition.
        var duplicate = scripts.GroupBy(script => script.Version).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Two {kind} migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(s => s.Info))}.");
        }

        return scripts;
    }

    private static MigrationScript Load(string resource, int prefixLength)
    {
        var fileName = resource[prefixLength..];
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new InvalidOperationException(
                $"Migration resource '{resource}' must be named NNNN_lower_snake_name.sql.");
        }

        using var stream = Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration resource '{resource}' could not be opened.");
        using var reader = new StreamReader(stream);
        return new MigrationScript(
            int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
            match.Groups["name"].Value,
            reader.ReadToEnd());
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
