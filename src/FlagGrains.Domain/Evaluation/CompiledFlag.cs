using System.Collections.Frozen;
using FlagGrains.Domain.JsonLogic;

namespace FlagGrains.Domain.Evaluation;

/// <summary>
/// One flag ready to evaluate: the compiled targeting tree and every way the flag can resolve without an
/// error (variant values pre-encoded, metadata merged), built once. Evaluation allocates nothing unless
/// targeting itself builds strings or arrays, or the evaluation fails.
/// </summary>
internal sealed class CompiledFlag
{
    // Up to this many variants, a rule's result is first matched by reference (see LogicCompiler.CompileTargeting).
    private const int ReferenceScanLimit = 8;

    private readonly FrozenDictionary<string, Resolution> _matches;
    private readonly Resolution[] _referenceScan;
    private readonly string _trueName;
    private readonly string _falseName;
    private readonly Resolution _static;
    private readonly Resolution _default;
    private readonly Resolution _disabled;
    private readonly Resolution? _parseError;
    private readonly Resolution _overBudget;
    private readonly int _maxEvaluationSteps;
    private readonly LogicNode? _targeting;
    private readonly ReadOnlyMemory<byte> _metadata;

    public CompiledFlag(
        string key,
        bool enabled,
        IReadOnlyList<CompiledVariant> variants,
        string? defaultVariant,
        LogicNode? targeting,
        TargetingFailure? targetingFailure,
        ReadOnlyMemory<byte> metadata,
        int maxEvaluationSteps)
    {
        Key = key;
        Enabled = enabled;
        _matches = variants.ToFrozenDictionary(
            variant => variant.Name,
            variant => new Resolution(variant.Value, variant.Name, Reasons.TargetingMatch, null, null, metadata),
            StringComparer.Ordinal);
        _referenceScan = variants.Count <= ReferenceScanLimit ? [.. variants.Select(variant => _matches[variant.Name])] : [];
        _trueName = _matches.TryGetValue("true", out var trueMatch) ? trueMatch.Variant! : "true";
        _falseName = _matches.TryGetValue("false", out var falseMatch) ? falseMatch.Variant! : "false";

        // Without a default variant, "default" means the caller's code default: no value, reason DEFAULT.
        var fallback = defaultVariant is null ? null : variants.FirstOrDefault(variant => variant.Name == defaultVariant);
        _default = new Resolution(fallback?.Value, fallback?.Name, Reasons.Default, null, null, metadata);
        _static = fallback is null ? _default : new Resolution(fallback.Value, fallback.Name, Reasons.Static, null, null, metadata);
        _disabled = new Resolution(null, null, Reasons.Disabled, null, null, metadata);
        _parseError = targetingFailure is null ? null : Resolution.Failure(targetingFailure.ErrorCode, targetingFailure.Message, metadata);
        _overBudget = Resolution.Failure(
            ErrorCodes.General,
            $"Targeting of flag '{key}' exceeded its evaluation budget of {maxEvaluationSteps} steps (limit MaxEvaluationSteps).",
            metadata);
        _maxEvaluationSteps = maxEvaluationSteps;
        _targeting = targeting;
        _metadata = metadata;
    }

    public string Key { get; }

    public bool Enabled { get; }

    public EvaluationResult Evaluate(EvaluationContext context, TimeProvider timeProvider)
    {
        if (!Enabled)
        {
            return new EvaluationResult(Key, _disabled);
        }

        if (_parseError is not null)
        {
            return new EvaluationResult(Key, _parseError);
        }

        if (_targeting is null)
        {
            return new EvaluationResult(Key, _static);
        }

        LogicValue outcome;
        try
        {
            var scope = new EvaluationScope(context, timeProvider, _maxEvaluationSteps);
            outcome = _targeting.Evaluate(ref scope);
        }
        catch (RuleBudgetExceededException)
        {
            // This flag only: the rest of a bulk evaluation goes on, and this one cost at most its budget.
            return new EvaluationResult(Key, _overBudget);
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
                return new EvaluationResult(Key, _default);
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

        if (Match(variantName) is { } match)
        {
            return new EvaluationResult(Key, match);
        }

        return EvaluationResult.Failure(Key, ErrorCodes.General, $"Targeting of flag '{Key}' returned '{Shorten(variantName)}', which is not one of its variants.", _metadata);
    }

    private Resolution? Match(string variantName)
    {
        foreach (var match in _referenceScan)
        {
            if (ReferenceEquals(match.Variant, variantName))
            {
                return match;
            }
        }

        return _matches.TryGetValue(variantName, out var found) ? found : null;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}

/// <summary>Why a flag's targeting cannot run, and the error code every evaluation of it answers.</summary>
internal sealed record TargetingFailure(string ErrorCode, string Message);
