namespace FlagGrains.Domain.Tests.Conformance;

/// <summary>
/// Locates the read-only third-party conformance material (flagd test bed, schemas, JsonLogic suite) in
/// place: a <c>shared/conformance</c> folder beside the repository root. Tests never copy it.
/// </summary>
internal static class ConformanceFiles
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

    public static string PathOf(params string[] relative) => Path.Combine([Root, .. relative]);

    public static string ReadText(params string[] relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "conformance");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            "Conformance material not found: expected a 'shared/conformance' folder next to the repository root " +
            $"(searched upwards from {AppContext.BaseDirectory}). See shared/conformance/SOURCES.md.");
    }
}
