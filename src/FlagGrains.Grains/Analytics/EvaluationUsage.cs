using System.Diagnostics.Metrics;
using FlagGrains.Contracts.Analytics;
using FlagGrains.Domain.Evaluation;
using FlagGrains.Serving;
using FlagGrains.Serving.Snapshots;
using FlagGrains.Serving.Tallies;
using Microsoft.Extensions.Options;

namespace FlagGrains.Grains.Analytics;

/// <summary>
/// Silo-wide reader of the gateways' evaluation tallies. Draining turns what the tallies counted since the last read
/// into (a) monotonic totals per environment, flag, variant and reason for the <c>flaggrains.evaluations</c> counter and
/// (b) pending hourly counts for the next analytics batch. Runs on a metrics collection or a flush, never per request.
/// </summary>
public sealed class EvaluationUsage
{
    // A replaced snapshot may still be finishing a request; its tally is read for a while after it was retired.
    private static readonly TimeSpan RetiredGrace = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, EnvironmentUsage> _environments = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly int _maxFlagSeries;
    private long _batchSequence;

    public EvaluationUsage(SnapshotRegistry registry, ServingSilo silo, TimeProvider clock, IOptions<EvaluationMetricsOptions> options)
    {
        _clock = clock;
        _maxFlagSeries = options.Value.MaxFlagSeriesPerEnvironment;
        SiloIdentity = silo.Identity;
        registry.Published += Track;
    }

    /// <summary>Part of every batch id, so batches of different silos (and silo restarts) never collide.</summary>
    public string SiloIdentity { get; }

    /// <summary>The counter's measurements: totals since this silo started, per environment, flag, variant and reason.</summary>
    public IEnumerable<Measurement<long>> ObserveEvaluations()
    {
        var measurements = new List<Measurement<long>>();
        lock (_gate)
        {
            DrainLocked();
            foreach (var (environmentKey, environment) in _environments)
            {
                foreach (var ((flag, variant, reason), total) in environment.Totals)
                {
                    measurements.Add(new Measurement<long>(
                        total,
                        new KeyValuePair<string, object?>("environment", environmentKey),
                        new KeyValuePair<string, object?>("flag", flag),
                        new KeyValuePair<string, object?>("variant", variant ?? ""),
                        new KeyValuePair<string, object?>("reason", reason)));
                }
            }
        }

        return measurements;
    }

    /// <summary>
    /// What this silo counted for the environment and has not yet delivered. A batch handed out stays the answer (same
    /// id) until <see cref="Acknowledge"/>, so a failed delivery is retried as the same batch and never double-counted.
    /// </summary>
    public UsageBatch? TakeBatch(string environmentKey)
    {
        lock (_gate)
        {
            DrainLocked();
            if (!_environments.TryGetValue(environmentKey, out var environment)) return null;
            if (environment.InFlight is { } inFlight) return inFlight;
            if (environment.Pending.Count == 0) return null;

            var counts = environment.Pending
                .Select(p => new UsageCount(p.Key.Flag, p.Key.Variant, p.Key.Hour, p.Value, environment.LastEvaluated[p.Key.Flag]))
                .ToList();
            environment.Pending.Clear();
            environment.InFlight = new UsageBatch($"{SiloIdentity}#{environmentKey}#{++_batchSequence}", counts);
            return environment.InFlight;
        }
    }

    /// <summary>Evaluations of one flag counted on this silo since it started, and how many ended with ERROR.</summary>
    public OutcomeCounts ReadOutcomes(string environmentKey, string flagKey)
    {
        lock (_gate)
        {
            DrainLocked();
            return _environments.TryGetValue(environmentKey, out var environment) ? environment.Outcomes.GetValueOrDefault(flagKey) : default;
        }
    }

    /// <summary>The usage grain stored the batch; the next one may go.</summary>
    public void Acknowledge(string environmentKey, string batchId)
    {
        lock (_gate)
        {
            if (_environments.TryGetValue(environmentKey, out var environment) && environment.InFlight?.BatchId == batchId)
                environment.InFlight = null;
        }
    }

    private void Track(ServingSnapshot snapshot)
    {
        if (snapshot.Usage is not { } tally) return;
        lock (_gate)
        {
            var environment = Environment(snapshot.EnvironmentKey);
            if (environment.Current is { } current) environment.Retired.Add((current, _clock.GetUtcNow()));
            environment.Current = new TallyReader(tally);
        }
    }

    private EnvironmentUsage Environment(string environmentKey)
    {
        if (!_environments.TryGetValue(environmentKey, out var environment))
        {
            environment = new EnvironmentUsage();
            _environments.Add(environmentKey, environment);
        }

        return environment;
    }

    private void DrainLocked()
    {
        var now = _clock.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        foreach (var environment in _environments.Values)
        {
            environment.Current?.DrainInto(environment, now, hour, _maxFlagSeries);
            for (var i = environment.Retired.Count - 1; i >= 0; i--)
            {
                var (reader, retiredAt) = environment.Retired[i];
                reader.DrainInto(environment, now, hour, _maxFlagSeries);
                if (now - retiredAt > RetiredGrace) environment.Retired.RemoveAt(i);
            }
        }
    }

    private sealed class EnvironmentUsage
    {
        public TallyReader? Current { get; set; }

        public List<(TallyReader Reader, DateTimeOffset RetiredAt)> Retired { get; } = [];

        public Dictionary<(string Flag, string? Variant, string Reason), long> Totals { get; } = [];

        public HashSet<string> FlagSeries { get; } = new(StringComparer.Ordinal);

        public Dictionary<(string Flag, string? Variant, DateTimeOffset Hour), long> Pending { get; } = [];

        public Dictionary<string, DateTimeOffset> LastEvaluated { get; } = new(StringComparer.Ordinal);

        /// <summary>Per flag, uncapped (unlike the metric series): release guardrails judge one flag by it.</summary>
        public Dictionary<string, OutcomeCounts> Outcomes { get; } = new(StringComparer.Ordinal);

        public UsageBatch? InFlight { get; set; }
    }

    /// <summary>A tally plus what was already read from it.</summary>
    private sealed class TallyReader(EvaluationTally tally)
    {
        private readonly long[] _seen = new long[tally.SlotCount];

        public void DrainInto(EnvironmentUsage environment, DateTimeOffset now, DateTimeOffset hour, int maxFlagSeries)
        {
            var totals = new long[_seen.Length];
            tally.ReadTotals(totals);
            for (var slot = 0; slot < totals.Length; slot++)
            {
                var added = totals[slot] - _seen[slot];
                if (added <= 0) continue;
                _seen[slot] = totals[slot];

                var (flag, variant, reason) = tally.Describe(slot);
                var pendingKey = (flag, variant, hour);
                environment.Pending[pendingKey] = environment.Pending.GetValueOrDefault(pendingKey) + added;
                environment.LastEvaluated[flag] = now;
                var outcome = environment.Outcomes.GetValueOrDefault(flag);
                environment.Outcomes[flag] = new OutcomeCounts(outcome.Evaluations + added, outcome.Errors + (reason == Reasons.Error ? added : 0));

                var series = environment.FlagSeries.Contains(flag) || (environment.FlagSeries.Count < maxFlagSeries && environment.FlagSeries.Add(flag))
                    ? flag
                    : EvaluationMetricsOptions.OtherFlag;
                var totalKey = (series, variant, reason);
                environment.Totals[totalKey] = environment.Totals.GetValueOrDefault(totalKey) + added;
            }
        }
    }
}
