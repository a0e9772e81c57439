using FlagGrains.Client.Evaluation;
using FlagGrains.Client.Sync;
using FlagGrains.Domain.Model;
using FlagGrains.Serving.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlagGrains.Client.Tests.TestSupport;

/// <summary>An evaluator over a mirror fed by the test instead of the cluster: the evaluation core alone.</summary>
public static class Mirrors
{
    public const string EnvironmentKey = "shop/prod";

    internal static (EnvironmentMirror Mirror, FlagEvaluator Evaluator) Create()
    {
        var mirror = new EnvironmentMirror(EnvironmentKey, NullLogger.Instance);
        return (mirror, new FlagEvaluator(mirror));
    }

    internal static ServingSnapshot Snapshot(long version, string? documentJson) =>
        ServingSnapshot.FromDocument(EnvironmentKey, version, DateTimeOffset.UnixEpoch.AddDays(version), documentJson, RuleLimits.Default);

    internal static FlagEvaluator Ready(string documentJson, long version = 1)
    {
        var (mirror, evaluator) = Create();
        mirror.Apply(Snapshot(version, documentJson), confirmed: true);
        return evaluator;
    }
}
