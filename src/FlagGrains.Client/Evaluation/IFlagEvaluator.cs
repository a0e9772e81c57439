using System.Text.Json;
using FlagGrains.Domain.Evaluation;

namespace FlagGrains.Client.Evaluation;

/// <summary>
/// Evaluates one environment's flags in this process, from the last snapshot the client received: no network call
/// per evaluation. Getters never throw for a missing flag, a wrong type or a missing snapshot; they return the
/// caller's default and (in the <c>Details</c> variants) say why, as OpenFeature providers do.
/// </summary>
public interface IFlagEvaluator
{
    /// <summary><c>{project}/{environment}</c>.</summary>
    string EnvironmentKey { get; }

    FlagEvaluatorStatus Status { get; }

    /// <summary>Version of the snapshot evaluations use; 0 before the first one.</summary>
    long Version { get; }

    /// <summary>Raised after this evaluator moved to a new snapshot, with the keys of the flags that changed.</summary>
    event EventHandler<FlagsChangedEventArgs>? Changed;

    /// <summary>
    /// Raised when <see cref="Status"/> changes (OpenFeature's READY and STALE events): Stale when the cluster stops
    /// answering, Ready when it answers again.
    /// </summary>
    event EventHandler<FlagEvaluatorStatus>? StatusChanged;

    /// <summary>Completes once a first snapshot is loaded (from the cluster or from the snapshot cache).</summary>
    Task WaitForReadyAsync(CancellationToken cancellationToken = default);

    bool GetBoolean(string flagKey, bool defaultValue, EvaluationContext? context = null);

    string GetString(string flagKey, string defaultValue, EvaluationContext? context = null);

    /// <summary>A whole-valued number that fits in 32 bits (10.0 reads as 10); anything else is TYPE_MISMATCH.</summary>
    int GetInteger(string flagKey, int defaultValue, EvaluationContext? context = null);

    /// <summary>Any number; integers read as doubles.</summary>
    double GetDouble(string flagKey, double defaultValue, EvaluationContext? context = null);

    /// <summary>A JSON object or array variant. The element is standalone: it may be kept.</summary>
    JsonElement GetStructured(string flagKey, JsonElement defaultValue, EvaluationContext? context = null);

    FlagEvaluationDetails<bool> GetBooleanDetails(string flagKey, bool defaultValue, EvaluationContext? context = null);

    FlagEvaluationDetails<string> GetStringDetails(string flagKey, string defaultValue, EvaluationContext? context = null);

    FlagEvaluationDetails<int> GetIntegerDetails(string flagKey, int defaultValue, EvaluationContext? context = null);

    FlagEvaluationDetails<double> GetDoubleDetails(string flagKey, double defaultValue, EvaluationContext? context = null);

    FlagEvaluationDetails<JsonElement> GetStructuredDetails(string flagKey, JsonElement defaultValue, EvaluationContext? context = null);
}
