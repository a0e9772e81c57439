namespace FlagGrains.Testing.Components;

/// <summary>The project's own test data under <c>tests/data</c> (part of the repository, never fetched).</summary>
public static class TestData
{
    /// <summary>
    /// The 50-flag benchmark set: 25 fractional 50/50 flags, 10 <c>sem_ver</c> on <c>appVersion</c>, 5 targeting-key
    /// allow-lists, 5 <c>platform</c> in ios/android, 5 static on. Benchmarks, the load harness and the peers'
    /// figures all use this one file.
    /// </summary>
    public static string Bench50Path => RepositoryRoot.PathOf("tests", "data", "flags-50.json");

    public static string Bench50 => File.ReadAllText(Bench50Path);
}
