using System.Collections.Frozen;
using FlagGrains.Domain.JsonLogic;

namespace FlagGrains.Domain.Evaluation;

/// <summary>
/// One flag ready to evaluate: variants with pre-encoded values, the compiled targeting tree and the
/// merged metadata bytes. Evaluation allocates nothing unless targeting itself builds strings or arrays.
/// </summary>
internal sealed class CompiledFlag
{
    // Up to this many variants, a rule's result is first matched by reference (see LogicCompiler.CompileTargeting).
    private const int ReferenceScanLimit = 8;

    private readonly FrozenDictionary<string, CompiledVariant> _variants;
    private readonly CompiledVariant[] _referenceScan;
    private readonly string _trueName;
    private readonly string _falseName;
    private readonly CompiledVariant? _defaultVariant;
    private readonly LogicNode? _targeting;
    private readonly string? _targetingError;
    private readonly ReadOnlyMemory<byte> _metadata;

    public CompiledFlag(
        string key,
        bool enabled,
        IReadOnlyList<CompiledVariant> variants,
        string? defaultVariant,
        LogicNode? targeting,
        string? targetingError,
        ReadOnlyMemory<byte> metadata)
    {
        Key = key;
        Enabled = enabled;
        _variants = variants.ToFrozenDictionary(variant => variant.Name, StringComparer.Ordinal);
        _referenceScan = variants.Count <= ReferenceScanLimit ? [.. variants] : [];
        _trueName = _variants.TryGetValue("true", out var trueVariant) ? trueVariant.Name : "true";
        _falseName = _variants.TryGetValue("false", out var falseVariant) ? falseVariant.Name : "false";
        _defaultVariant = defaultVariant is null ? null : _variants.GetValueOrDefault(defaultVariant);
        _targeting = targeting;
        _targetingError = targetingError;
        _metadata = metadata;
    }

    public string Key { get; }

    public bool Enabled { get; }

    public EvaluationResult Evaluate(EvaluationContext context, TimeProvider timeProvider)
    {
        if (!Enabled)
        {
            return EvaluationResult.Success(Key, null, null, Reasons.Disabled, _metadata);
        }

        if (_targetingError is not null)
        {
            return EvaluationResult.Failure(Key, ErrorCodes.ParseError, _targetingError, _metadata);
        }

        if (_targeting is null)
        {
            return FromDefault(Reasons.Static);
        }

        LogicValue outcome;
        try
        {
            var scope = new EvaluationScope(context, timeProvider);
            outcome = _targeting.Evaluate(ref scope);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Operators are written not to throw; this is a last line of defence so one bad rule cannot fail a bulk request.
            return EvaluationResult.Failure(Key, ErrorCodes.General, $"Targeting of flag '{Key}' failed: {exception.Message}", _metadata);
        }

        return FromTargetingOutcome(outcome);
    }

    private EvaluationResult FromTargetingOutcome(in LogicValue outcome)
    {
        string variantName;
        switch (outcome.Kind)
        {
            case LogicValueKind.Null:
                // Targeting "exits" with null: the default variant, or the caller's code default.
                return FromDefault(Reasons.Default);
            case LogicValueKind.String:
                variantName = outcome.AsString;
                break;
            case LogicValueKind.Boolean:
                // flagd's boolean shorthand: true/false select the variants named "true"/"false".
                variantName = outcome.AsBoolean ? _trueName : _falseName;
                break;
            case LogicValueKind.Number:
                // flagd resolves a number through its JSON text; keep parity for variants named "1", "2.5"...
                variantName = JsConversions.ToJsString(outcome);
                break;
            default:
                return EvaluationResult.Failure(Key, ErrorCodes.General, $"Targeting of flag '{Key}' returned {outcome.Kind.ToString().ToLowerInvariant()}, not a variant name.", _metadata);
        }

        if (FindVariant(variantName) is { } variant)
        {
            return EvaluationResult.Success(Key, variant.Value, variant.Name, Reasons.TargetingMatch, _metadata);
        }

        return EvaluationResult.Failure(Key, ErrorCodes.General, $"Targeting of flag '{Key}' returned '{Shorten(variantName)}', which is not one of its variants.", _metadata);
    }

    private CompiledVariant? FindVariant(string name)
    {
        foreach (var variant in _referenceScan)
        {
            if (ReferenceEquals(variant.Name, name))
            {
                return variant;
            }
        }

        return _variants.GetValueOrDefault(name);
    }

    private EvaluationResult FromDefault(string reason) =>
        _defaultVariant is null
            ? EvaluationResult.Success(Key, null, null, Reasons.Default, _metadata)
            : EvaluationResult.Success(Key, _defaultVariant.Value, _defaultVariant.Name, reason, _metadata);

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
