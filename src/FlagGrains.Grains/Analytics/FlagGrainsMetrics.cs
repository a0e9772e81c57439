using System.Diagnostics.Metrics;
using FlagGrains.Serving;
using FlagGrains.Serving.Snapshots;
using Orleans.Runtime;

namespace FlagGrains.Grains.Analytics;

/// <summary>
/// Owns the <c>FlagGrains</c> meter of a silo and the instruments the grains feed. Counts that change per request are
/// observed (read when a collector asks) rather than pushed, so evaluations pay nothing for them.
/// </summary>
public sealed class FlagGrainsMetrics
{
    public FlagGrainsMetrics(IMeterFactory meters, EvaluationUsage usage, SnapshotRegistry registry, IClusterMembershipService membership)
    {
        Meter = meters.Create(FlagGrainsDiagnostics.Name);
        Meter.CreateObservableCounter("flaggrains.evaluations", usage.ObserveEvaluations, "{evaluation}",
            "Flag evaluations answered by this silo, by environment, flag (bounded, see FlagGrains:Telemetry), variant and reason.");
        Meter.CreateObservableGauge("flaggrains.gateway.snapshot_version", () => ObserveVersions(registry), "{version}",
            "Version of the environment's snapshot this silo's gateway serves.");
        Meter.CreateObservableGauge("flaggrains.cluster.active_silos",
            () => membership.CurrentSnapshot.Members.Count(m => m.Value.Status == SiloStatus.Active), "{silo}",
            "Silos this silo sees as active in the cluster membership.");
        PropagationLag = Meter.CreateHistogram<double>("flaggrains.propagation.lag", "s",
            "Time from an accepted admin write to this silo's gateway serving it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] });
    }

    /// <summary>The silo's meter; the host adds its HTTP instruments to it.</summary>
    public Meter Meter { get; }

    /// <summary>Seconds from write to a gateway publishing it; recorded once per gateway per new version.</summary>
    public Histogram<double> PropagationLag { get; }

    private static IEnumerable<Measurement<long>> ObserveVersions(SnapshotRegistry registry)
    {
        foreach (var environmentKey in registry.EnvironmentKeys)
        {
            if (registry.TryGet(environmentKey, out var snapshot))
                yield return new Measurement<long>(snapshot.Version, new KeyValuePair<string, object?>("environment", environmentKey));
        }
    }
}
