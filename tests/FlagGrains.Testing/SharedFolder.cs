namespace FlagGrains.Testing;

/// <summary>
/// Finds the project's <c>shared/</c> folder (conformance suites, benchmark flags), which sits beside the checkout.
/// Tests read it in place; nothing there is copied into the repository.
/// </summary>
public static class SharedFolder
{
    public static string PathOf(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", relative);
            if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException($"shared/{relative} was not found beside the checkout (looked upwards from {AppContext.BaseDirectory}).");
    }

    public static string ReadText(string relative) => File.ReadAllText(PathOf(relative));
}
