using FlagGrains.Domain.Evaluation;
using FlagGrains.Domain.Model;
using FlagGrains.Testing.Components;
using FlagGrains.Domain.Tests.Evaluation;

namespace FlagGrains.Domain.Tests.Differential;

/// <summary>A flag file as both engines see it: the path handed to the reference and our compiled set.</summary>
internal sealed record DifferentialCase(ReferenceCase Reference, CompiledFlagSet FlagSet);

/// <summary>
/// The compared flag files, read in place: the test bed's evaluator file, every file of the test bed's
/// <c>flags/</c> (each on its own, as a provider would load it), the benchmark set, and
/// <c>every-operator.json</c> (every JsonLogic and flagd operator reading the generated attributes).
/// </summary>
internal static class DifferentialCases
{
    public static IReadOnlyList<DifferentialCase> Load(TimeProvider clock)
    {
        var files = new List<(string Name, string Path)>
        {
            ("testkit", ConformanceSuites.PathOf("flagd-testbed", "evaluator", "flags", "testkit-flags.json")),
        };
        files.AddRange(Directory.GetFiles(ConformanceSuites.PathOf("flagd-testbed", "flags"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => ("testbed/" + Path.GetFileNameWithoutExtension(path), path)));
        files.Add(("bench-50", TestData.Bench50Path));
        files.Add(("every-operator", ReferenceEnvironment.SourcePath("every-operator.json")));

        return files.Select(file => new DifferentialCase(new ReferenceCase(file.Name, file.Path), Compile(file.Name, file.Path, clock))).ToArray();
    }

    private static CompiledFlagSet Compile(string name, string path, TimeProvider clock)
    {
        var parsed = FlagSetDocument.Parse(File.ReadAllText(path));
        Assert.True(parsed.IsValid, $"{name} ({path}) was rejected: {string.Join("; ", parsed.Errors)}");
        return CompiledFlagSet.Compile(parsed.Document!, clock);
    }

    public static TimeProvider Clock() => new FixedTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(SamplePools.NowMillis));
}
