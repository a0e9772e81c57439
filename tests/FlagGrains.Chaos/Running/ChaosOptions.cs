using System.Globalization;
using FlagGrains.Testing;

namespace FlagGrains.Chaos.Running;

/// <summary>What a soak runs: how long, which seed, how many of each actor, where the history goes.</summary>
public sealed record ChaosOptions
{
    /// <summary>Length of the fault phase; set-up, recovery, the quiet period and the final reads come on top.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);

    public int Seed { get; init; } = 18;

    public int Silos { get; init; } = 3;

    public int Writers { get; init; } = 2;

    public int SdkDevices { get; init; } = 3;

    public int Pollers { get; init; } = 2;

    /// <summary>
    /// Traffic after the last fault ended, before writes stop; it must exceed the 5 s convergence deadline for the
    /// stale-after-faults rule to see anything.
    /// </summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromSeconds(15);

    public required string HistoryPath { get; init; }

    public static ChaosOptions Parse(CommandLine options) => new()
    {
        Duration = TimeSpan.FromMinutes(double.Parse(options.Text("minutes", "2"), CultureInfo.InvariantCulture)),
        Seed = options.Number("seed", 18),
        Silos = options.Number("silos", 3),
        Writers = options.Number("writers", 2),
        SdkDevices = options.Number("sdk-devices", 3),
        Pollers = options.Number("pollers", 2),
        Quiet = TimeSpan.FromSeconds(options.Number("quiet-seconds", 15)),
        HistoryPath = options.Text("history", Path.Combine("data", "chaos", "history.jsonl")),
    };

    public Dictionary<string, string> Describe() => new()
    {
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["minutes"] = Duration.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture),
        ["silos"] = Silos.ToString(CultureInfo.InvariantCulture),
        ["writers"] = Writers.ToString(CultureInfo.InvariantCulture),
        ["sdkDevices"] = SdkDevices.ToString(CultureInfo.InvariantCulture),
        ["pollers"] = Pollers.ToString(CultureInfo.InvariantCulture),
        ["quietSeconds"] = Quiet.TotalSeconds.ToString(CultureInfo.InvariantCulture),
    };
}
