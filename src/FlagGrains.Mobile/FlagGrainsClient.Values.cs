using System.Text.Json;
using FlagGrains.Mobile.Evaluation;

namespace FlagGrains.Mobile;

/// <summary>The getters: one dictionary lookup on an immutable snapshot, no lock, no I/O, no exception.</summary>
public sealed partial class FlagGrainsClient
{
    public bool GetBooleanValue(string flagKey, bool defaultValue) => GetBooleanDetails(flagKey, defaultValue).Value;

    public string GetStringValue(string flagKey, string defaultValue) => GetStringDetails(flagKey, defaultValue).Value;

    public int GetIntegerValue(string flagKey, int defaultValue) => GetIntegerDetails(flagKey, defaultValue).Value;

    public double GetDoubleValue(string flagKey, double defaultValue) => GetDoubleDetails(flagKey, defaultValue).Value;

    /// <summary>An object or array value (detached: safe to keep).</summary>
    public JsonElement GetObjectValue(string flagKey, JsonElement defaultValue) => GetObjectDetails(flagKey, defaultValue).Value;

    public FlagDetails<bool> GetBooleanDetails(string flagKey, bool defaultValue) => Resolve(flagKey, defaultValue, TypedValues.TryRead);

    public FlagDetails<string> GetStringDetails(string flagKey, string defaultValue) => Resolve(flagKey, defaultValue, TypedValues.TryRead);

    public FlagDetails<int> GetIntegerDetails(string flagKey, int defaultValue) => Resolve(flagKey, defaultValue, TypedValues.TryRead);

    public FlagDetails<double> GetDoubleDetails(string flagKey, double defaultValue) => Resolve(flagKey, defaultValue, TypedValues.TryRead);

    public FlagDetails<JsonElement> GetObjectDetails(string flagKey, JsonElement defaultValue) => Resolve(flagKey, defaultValue, TypedValues.TryRead);

    private delegate bool Reader<T>(JsonElement json, out T value);

    private FlagDetails<T> Resolve<T>(string flagKey, T defaultValue, Reader<T> read)
    {
        var set = _publisher.Current;
        if (flagKey is null || !set.Flags.TryGetValue(flagKey, out var flag))
        {
            return set.Source == FlagValueSource.CodeDefault
                ? Default(flagKey ?? "", defaultValue, ErrorCodes.ProviderNotReady, "No values are known yet.")
                : Default(flagKey ?? "", defaultValue, ErrorCodes.FlagNotFound, "The flag is not in the evaluated set.");
        }

        if (flag.ErrorCode is { } error) return Default(flagKey, defaultValue, error, flag.ErrorDetails ?? error);

        // No value: the server says "use your code default" (a disabled flag, or a rule that picks none).
        if (flag.Value is not { } json) return new FlagDetails<T>(flagKey, defaultValue, flag.Reason, flag.Variant, null, null, FlagValueSource.CodeDefault);

        if (!read(json, out var value)) return Default(flagKey, defaultValue, ErrorCodes.TypeMismatch, $"The flag's value is {json.ValueKind}, not {typeof(T).Name}.");

        var reason = set.Source switch
        {
            FlagValueSource.Cache => Reasons.Cached,
            FlagValueSource.Bootstrap => Reasons.Static,
            _ => flag.Reason,
        };
        return new FlagDetails<T>(flagKey, value, reason, flag.Variant, null, null, set.Source);
    }

    private static FlagDetails<T> Default<T>(string flagKey, T defaultValue, string errorCode, string message) =>
        new(flagKey, defaultValue, Reasons.Error, null, errorCode, message, FlagValueSource.CodeDefault);
}
