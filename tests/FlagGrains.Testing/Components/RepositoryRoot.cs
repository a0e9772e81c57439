namespace FlagGrains.Testing.Components;

/// <summary>The checkout the tests run from: the folder holding FlagGrains.sln above the test binaries.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string?> Found = new(Find);

    /// <summary>The checkout's root, or null when the binaries run outside a checkout.</summary>
    public static string? OrNull => Found.Value;

    public static string Path => Found.Value ?? throw new DirectoryNotFoundException(
        $"FlagGrains.sln was not found above {AppContext.BaseDirectory}; tests run from a checkout.");

    /// <summary>A file or folder of the repository, e.g. <c>PathOf("tests", "data", "flags-50.json")</c>.</summary>
    public static string PathOf(params string[] relative) => System.IO.Path.Combine([Path, .. relative]);

    private static string? Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "FlagGrains.sln"))) return directory.FullName;
        }

        return null;
    }
}
