namespace FlagGrains.Domain.Tests.Differential;

/// <summary>
/// Where the reference evaluator lives (<c>tests/differential-node</c>) and whether it can run here: it
/// needs <c>node</c> on the PATH and <c>npm ci</c> to have installed its pinned packages. Developers
/// without Node get a skip; CI (<c>CI=true</c>) must have it, so there the test runs and fails instead.
/// </summary>
internal static class ReferenceEnvironment
{
    private static readonly Lazy<string?> RepositoryRootDirectory = new(FindRepositoryRoot);
    private static readonly Lazy<string?> NodeExecutable = new(FindNode);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? RepositoryRoot => RepositoryRootDirectory.Value;

    public static string ScriptDirectory => Path.Combine(RepositoryRoot ?? ".", "tests", "differential-node");

    public static string? Node => NodeExecutable.Value;

    /// <summary>Why the reference cannot run, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (RepositoryRoot is null)
        {
            return $"the repository root (FlagGrains.sln) was not found above {AppContext.BaseDirectory}";
        }

        if (Node is null)
        {
            return "'node' is not on the PATH (install Node 20+)";
        }

        return Directory.Exists(Path.Combine(ScriptDirectory, "node_modules", "@openfeature", "flagd-core"))
            ? null
            : "tests/differential-node/node_modules is missing (run: cd tests/differential-node && npm ci)";
    }

    /// <summary>Source files beside the tests, read in place (the project does not copy them to bin/).</summary>
    public static string SourcePath(params string[] relative) =>
        Path.Combine([RepositoryRoot ?? ".", "tests", "FlagGrains.Domain.Tests", "Differential", .. relative]);

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FlagGrains.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static string? FindNode()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe", "node.cmd" } : ["node"];
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
