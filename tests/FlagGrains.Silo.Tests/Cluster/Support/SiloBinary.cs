namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>
/// The built silo that cluster tests start as real processes. The test project references the silo project, so its
/// output folder holds the very build these tests were compiled against (dll, deps, runtimeconfig, appsettings).
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

    /// <summary>How every test starts the silo: this build, this runtime, output captured, no shell, no inherited settings.</summary>
    public static System.Diagnostics.ProcessStartInfo StartInfo(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        // Inherited FlagGrains__ settings (a developer's shell) must not leak into a test silo.
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
            $"FlagGrains.Silo.dll with its runtimeconfig was not found in {AppContext.BaseDirectory}; build the test project (it references the silo).");
    }
}
