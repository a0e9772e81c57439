using System.Diagnostics;

namespace FlagGrains.Mobile.Tests.Interop;

/// <summary>Finds node and the installed <c>tests/interop-node</c> packages; says why when either is missing.</summary>
public static class NodeInterop
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>tests/interop-node</c> of this checkout, found upwards from the test binaries.</summary>
    public static string? Folder { get; } = FindFolder();

    public static string? UnavailableReason { get; } = FindUnavailableReason();

    private static string? FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop-node");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }

        return null;
    }

    private static string? FindUnavailableReason()
    {
        if (Folder is null) return "tests/interop-node was not found above the test binaries";
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "@openfeature", "ofrep-web-provider")))
            return "its packages are not installed (run `npm ci` in tests/interop-node)";
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            node.WaitForExit(10_000);
            return node.ExitCode == 0 ? null : "`node --version` failed";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "node is not on PATH";
        }
    }
}

/// <summary>A fact that runs node. Skips with the reason locally; under CI=true it runs, so a missing node fails.</summary>
public sealed class NodeInteropFactAttribute : FactAttribute
{
    public NodeInteropFactAttribute()
    {
        if (!NodeInterop.IsCi && NodeInterop.UnavailableReason is { } reason)
            Skip = $"Official OFREP web provider interop skipped: {reason}. Under CI=true this test fails instead.";
    }
}
