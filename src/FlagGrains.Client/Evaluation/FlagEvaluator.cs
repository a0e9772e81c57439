using System.Text.Json;
using FlagGrains.Client.Sync;
using FlagGrains.Domain.Evaluation;

using FlagGrains.Serving.Snapshots;

namespace FlagGrains.Client.Evaluation;

/// <summary>
/// Typed reads over one environment's mirrored snapshot. The snapshot is read once per evaluation, so a concurrent
/// update never mixes two versions in one answer; nothing is allocated beyond what the engine allocates.
/// </summary>
public sealed class FlagEvaluator : IFlagEvaluator
{
    private const string NotReadyMessage = "No snapshot of this environment has been loaded yet.";
    private const string NoFlagSetMessage = "The environment has no flag set.";

    private readonly EnvironmentMirror _mirror;

    internal FlagEvaluator(EnvironmentMirror mirror)
    {
        _mirror = mirror;
        mirror.Owner = this;
    }

    public string EnvironmentKey => _mirror.EnvironmentKey;

    public FlagEvaluatorStatus Status => _mirror.Status;

    public long Version => _mirror.Current?.Version ?? 0;

    public event EventHandler<FlagsChangedEventArgs>? Changed
    {
        add => _mirror.Changed += value;
        remove => _mirror.Changed -= value;
    }

    public event EventHandler<FlagEvaluatorStatus>? StatusChanged
    {
        add => _mirror.StatusChanged += value;
        remove => _mirror.StatusChanged -= value;
    }

    public Task WaitForReadyAsync(CancellationToken cancellationToken = default) => _mirror.WhenReady.WaitAsync(cancellationToken);

    public bool GetBoolean(string flagKey, bool defaultValue, EvaluationContext? context = null) =>
        GetBooleanDetails(flagKey, defaultValue, context).Value;

    public string GetString(string flagKey, string defaultValue, EvaluationContext? context = null) =>
        GetStringDetails(flagKey, defaultValue, context).Value;

    public int GetInteger(string flagKey, int defaultValue, EvaluationContext? context = null) =>
        GetIntegerDetails(flagKey, defaultValue, context).Value;

    public double GetDouble(string flagKey, double defaultValue, EvaluationContext? context = null) =>
        GetDoubleDetails(flagKey, defaultValue, context).Value;

    public JsonElement GetStructured(string flagKey, JsonElement defaultValue, EvaluationContext? context = null) =>
        GetStructuredDetails(flagKey, defaultValue, context).Value;

    public FlagEvaluationDetails<bool> GetBooleanDetails(string flagKey, bool defaultValue, EvaluationContext? context = null)
    {
        var snapshot = _mirror.Current;
        if (snapshot?.Flags is not { } flags) return Unavailable(flagKey, defaultValue, snapshot);
        var result = flags.Evaluate(flagKey, context ?? EvaluationContext.Empty, FlagValueKind.Boolean);
        return result.Value?.AsBoolean is { } value ? Resolved(result, value, snapshot) : Fallback(result, defaultValue, snapshot);
    }

    public FlagEvaluationDetails<string> GetStringDetails(string flagKey, string defaultValue, EvaluationContext? context = null)
    {
        var snapshot = _mirror.Current;
        if (snapshot?.Flags is not { } flags) return Unavailable(flagKey, defaultValue, snapshot);
        var result = flags.Evaluate(flagKey, context ?? EvaluationContext.Empty, FlagValueKind.String);
        return result.Value?.AsString is { } value ? Resolved(result, value, snapshot) : Fallback(result, defaultValue, snapshot);
    }

    public FlagEvaluationDetails<int> GetIntegerDetails(string flagKey, int defaultValue, EvaluationContext? context = null)
    {
        var snapshot = _mirror.Current;
        if (snapshot?.Flags is not { } flags) return Unavailable(flagKey, defaultValue, snapshot);
        var result = flags.Evaluate(flagKey, context ?? EvaluationContext.Empty, FlagValueKind.Integer);
        if (result.Value?.AsInt32 is { } value) return Resolved(result, value, snapshot);

        // The engine checks 64-bit integers; a whole number beyond 32 bits is this API's mismatch.
        return result.Value is null
            ? Fallback(result, defaultValue, snapshot)
            : Failure(result.FlagKey, defaultValue, ErrorCodes.TypeMismatch, $"Flag '{result.FlagKey}' is {result.Value} and does not fit in a 32-bit integer.", result.MetadataUtf8Json, snapshot);
    }

    public FlagEvaluationDetails<double> GetDoubleDetails(string flagKey, double defaultValue, EvaluationContext? context = null)
    {
        var snapshot = _mirror.Current;
        if (snapshot?.Flags is not { } flags) return Unavailable(flagKey, defaultValue, snapshot);
        var result = flags.Evaluate(flagKey, context ?? EvaluationContext.Empty, FlagValueKind.Float);
        return result.Value?.AsDouble is { } value ? Resolved(result, value, snapshot) : Fallback(result, defaultValue, snapshot);
    }

    public FlagEvaluationDetails<JsonElement> GetStructuredDetails(string flagKey, JsonElement defaultValue, EvaluationContext? context = null)
    {
        var snapshot = _mirror.Current;
        if (snapshot?.Flags is not { } flags) return Unavailable(flagKey, defaultValue, snapshot);
        var result = flags.Evaluate(flagKey, context ?? EvaluationContext.Empty, FlagValueKind.Object);
        return result.Value is { } value ? Resolved(result, value.AsElement, snapshot) : Fallback(result, defaultValue, snapshot);
    }

    private FlagEvaluationDetails<T> Resolved<T>(in EvaluationResult result, T value, ServingSnapshot snapshot) =>
        new(result.FlagKey, value, result.Variant, result.Reason, null, null, result.MetadataUtf8Json, snapshot.Version, _mirror.IsStale);

    /// <summary>No value: an error, or a flag that defers to the caller's default (DISABLED, or DEFAULT without a default variant).</summary>
    private FlagEvaluationDetails<T> Fallback<T>(in EvaluationResult result, T defaultValue, ServingSnapshot snapshot) =>
        new(result.FlagKey, defaultValue, result.Variant, result.Reason, result.ErrorCode, result.ErrorMessage, result.MetadataUtf8Json, snapshot.Version, _mirror.IsStale);

    private FlagEvaluationDetails<T> Unavailable<T>(string flagKey, T defaultValue, ServingSnapshot? snapshot) => snapshot is null
        ? Failure(flagKey, defaultValue, ClientErrorCodes.ProviderNotReady, NotReadyMessage, default, null)
        : Failure(flagKey, defaultValue, ErrorCodes.FlagNotFound, NoFlagSetMessage, default, snapshot);

    private FlagEvaluationDetails<T> Failure<T>(string flagKey, T defaultValue, string errorCode, string message, ReadOnlyMemory<byte> metadata, ServingSnapshot? snapshot) =>
        new(flagKey ?? string.Empty, defaultValue, null, Reasons.Error, errorCode, message, metadata, snapshot?.Version ?? 0, snapshot is not null && _mirror.IsStale);
}
