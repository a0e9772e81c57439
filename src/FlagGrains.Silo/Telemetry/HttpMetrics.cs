using System.Diagnostics;
using System.Diagnostics.Metrics;
using FlagGrains.Grains.Analytics;
using FlagGrains.Silo.Apis.Streams;

namespace FlagGrains.Silo.Telemetry;

/// <summary>Instruments the HTTP side feeds, on the silo's <c>FlagGrains</c> meter.</summary>
public sealed class HttpMetrics
{
    private static readonly KeyValuePair<string, object?> Single = new("endpoint", "single");
    private static readonly KeyValuePair<string, object?> Bulk = new("endpoint", "bulk");

    private readonly Histogram<double> _evaluationDuration;
    private long _rateLimitRejections;

    public HttpMetrics(FlagGrainsMetrics metrics, EventStreamHub streams)
    {
        var meter = metrics.Meter;
        _evaluationDuration = meter.CreateHistogram<double>("flaggrains.evaluation.duration", "s",
            "Time to answer an OFREP evaluation request, from authentication to the last byte written.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1] });
        meter.CreateObservableUpDownCounter("flaggrains.event_streams.open", () => streams.ConnectionCount, "{stream}",
            "Server-sent event streams open on this silo.");
        meter.CreateObservableCounter("flaggrains.rate_limit.rejections", () => Volatile.Read(ref _rateLimitRejections), "{request}",
            "Requests refused with 429 by the rate limiter.");
    }

    /// <summary>One histogram record per request with a static tag: no allocation, no lookup by caller input.</summary>
    public void EvaluationAnswered(long startTimestamp, bool bulk) =>
        _evaluationDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, bulk ? Bulk : Single);

    public void RateLimitRejected() => Interlocked.Increment(ref _rateLimitRejections);
}
