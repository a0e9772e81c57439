using FlagGrains.Chaos.History;

namespace FlagGrains.Chaos.Faults;

/// <summary>One planned fault: what, when (from the start of the chaos phase), to which silo, for how long.</summary>
public sealed record FaultStep(TimeSpan At, string Kind, int Silo = -1, TimeSpan Duration = default, TimeSpan Latency = default)
{
    public override string ToString() => Kind switch
    {
        FaultKinds.DatabaseOutage => $"{At.TotalSeconds,6:0.0} s  database outage for {Duration.TotalSeconds:0.0} s",
        FaultKinds.SlowDatabase => $"{At.TotalSeconds,6:0.0} s  database +{Latency.TotalMilliseconds:0} ms per round trip for {Duration.TotalSeconds:0.0} s",
        _ => $"{At.TotalSeconds,6:0.0} s  {Kind} silo{Silo + 1}",
    };
}

/// <summary>
/// The faults of a run, decided up front from the seed alone, so one seed always means the same schedule: kill -9
/// and graceful stops (each followed by a restart), bounces (stop and start at once, a rolling deploy), database
/// outages and a slow database. Never two database faults at once; never a silo taken down unless another one is up,
/// counting a restarted silo as up only after <see cref="StartAllowance"/>.
/// </summary>
public static class FaultPlan
{
    /// <summary>How long a restarted silo is assumed to need before it serves again (a busy two-core box is slow).</summary>
    public static readonly TimeSpan StartAllowance = TimeSpan.FromSeconds(20);

    public static IReadOnlyList<FaultStep> Create(int seed, int silos, TimeSpan length)
    {
        var random = new Random(seed);
        var steps = new List<FaultStep>();
        var upFrom = new TimeSpan[silos];
        var databaseFreeFrom = TimeSpan.Zero;
        for (var at = Seconds(random, 2, 5); at < length; at += Seconds(random, 2, 8))
        {
            var up = Enumerable.Range(0, silos).Where(i => upFrom[i] <= at).ToList();
            var choices = new List<string>();
            if (up.Count >= 2) choices.AddRange([FaultKinds.Kill, FaultKinds.Kill, FaultKinds.Stop, FaultKinds.Bounce]);
            if (at >= databaseFreeFrom) choices.AddRange([FaultKinds.DatabaseOutage, FaultKinds.SlowDatabase]);
            if (choices.Count == 0) continue;

            var kind = choices[random.Next(choices.Count)];
            switch (kind)
            {
                case FaultKinds.Kill or FaultKinds.Stop:
                {
                    var silo = up[random.Next(up.Count)];
                    var down = Seconds(random, 3, 15);
                    steps.Add(new FaultStep(at, kind, silo));
                    if (at + down < length) steps.Add(new FaultStep(at + down, FaultKinds.Restart, silo));
                    upFrom[silo] = at + down + StartAllowance;
                    break;
                }

                case FaultKinds.Bounce:
                {
                    var silo = up[random.Next(up.Count)];
                    steps.Add(new FaultStep(at, kind, silo));
                    upFrom[silo] = at + StartAllowance;
                    break;
                }

                case FaultKinds.DatabaseOutage:
                {
                    var outage = Seconds(random, 2, 12);
                    steps.Add(new FaultStep(at, kind, Duration: outage));
                    databaseFreeFrom = at + outage + TimeSpan.FromSeconds(2);
                    break;
                }

                default:
                {
                    var slow = Seconds(random, 5, 20);
                    steps.Add(new FaultStep(at, kind, Duration: slow, Latency: TimeSpan.FromMilliseconds(random.Next(20, 300))));
                    databaseFreeFrom = at + slow + TimeSpan.FromSeconds(1);
                    break;
                }
            }
        }

        return [.. steps.OrderBy(s => s.At)];
    }

    private static TimeSpan Seconds(Random random, double from, double to) => TimeSpan.FromSeconds(Math.Round(from + (random.NextDouble() * (to - from)), 1));
}
