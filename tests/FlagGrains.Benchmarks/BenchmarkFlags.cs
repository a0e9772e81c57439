using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;

namespace FlagGrains.Benchmarks;

/// <summary>
/// The benchmark flag set (tests/data/flags-50.json, the set the peers were measured with) and the contexts both this
/// project and tests/differential-node/bench.cjs use.
/// </summary>
internal static class BenchmarkFlags
{
    /// <summary>A boolean flag whose targeting is a 50/50 fractional split on the targeting key.</summary>
    public const string RolloutFlag = "bench-flag-00";

    /// <summary>The OFREP request body of a typical mobile bulk call.</summary>
    public const string RequestBody =
        """{"context":{"targetingKey":"user-42","appVersion":"2.4.1","platform":"ios","email":"jane@example.com","country":"NL","locale":"nl-NL"}}""";

    public static CompiledFlagSet Compile()
    {
        var parsed = FlagSetDocument.Parse(File.ReadAllText(RepositoryFile("tests", "data", "flags-50.json")));
        if (!parsed.IsValid)
        {
            throw new InvalidOperationException("flags-50.json was rejected: " + string.Join("; ", parsed.Errors));
        }

        return CompiledFlagSet.Compile(parsed.Document!);
    }

    // BenchmarkDotNet runs a generated copy under bin/, so the file is found by walking up, not by a fixed path.
    private static string RepositoryFile(params string[] relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FlagGrains.sln")))
            {
                return Path.Combine([directory.FullName, .. relative]);
            }
        }

        throw new FileNotFoundException($"FlagGrains.sln was not found above {AppContext.BaseDirectory}.");
    }
}
