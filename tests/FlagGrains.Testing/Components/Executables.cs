namespace FlagGrains.Testing.Components;

/// <summary>Finds programs on the PATH the way a shell would.</summary>
public static class Executables
{
    public static string? Find(string name)
    {
        var names = OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd" } : [name];
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in names.Select(n => Path.Combine(directory, n)))
            {
                if (File.Exists(candidate)) return candidate;
            }
        }

        return null;
    }
}
