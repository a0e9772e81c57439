using System.Diagnostics;

namespace FlagGrains.Testing.Cluster;

/// <summary>
/// The built silo that cluster tests and the chaos harness start as real processes. Their projects reference the silo
/// project, so their output folder holds the very build they were compiled against (dll, deps, runtimeconfig,
/// appsettings).
/// </summary>
public static class SiloBinary
{
    public static string DllPath { get; } = Locate();

    public static string Folder => Path.GetDirectoryName(DllPath)!;

    /// <summary>
    /// The host that launched this test run: `dotnet test` exports it, and using it keeps child silos on the same SDK
    /// and runtime as the tests even when PATH points elsewhere.
    /// </summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// <c>dotnet FlagGrains.Silo.dll {arguments}</c> with redirected output and no FlagGrains__ settings inherited from
    /// a developer's shell, which must not leak into a test cluster.
    /// </summary>
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("FlagGrains__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        return start;
    }

    private static string Locate()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "FlagGrains.Silo.dll");
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))) return beside;

        throw new FileNotFoundException(
            $"FlagGrains.Silo.dll with its runtimeconfig was not found in {AppContext.BaseDirectory}; build the project that references the silo.");
    }
}
