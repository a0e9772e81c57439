using System.Collections.Frozen;
using System.Text.Json;
using FlagGrains.Domain.JsonLogic;
using FlagGrains.Domain.Model;

namespace FlagGrains.Domain.Evaluation;

/// <summary>A flag set compiled once per version; immutable and safe to share across threads.</summary>
public sealed class CompiledFlagSet
{
    private const string FlagNotFoundMessage = "The flag does not exist in this flag set.";

    private readonly CompiledFlag[] _flags;
    private readonly FrozenDictionary<string, CompiledFlag> _byKey;
    private readonly TimeProvider _timeProvider;
    private readonly Resolution _notFound;

    internal CompiledFlagSet(CompiledFlag[] flags, ReadOnlyMemory<byte> metadata, TimeProvider timeProvider, int maxEvaluationSteps)
    {
        MaxEvaluationSteps = maxEvaluationSteps;
        _flags = flags;
        _byKey = flags.ToFrozenDictionary(flag => flag.Key, StringComparer.Ordinal);
        FlagKeys = Array.AsReadOnly(Array.ConvertAll(flags, flag => flag.Key));
        MetadataUtf8Json = metadata;
        _timeProvider = timeProvider;

        // A constant message: no allocation per miss, and the caller's input is not echoed back.
        _notFound = Resolution.Failure(ErrorCodes.FlagNotFound, FlagNotFoundMessage, metadata);
    }

    /// <summary>Keys of every flag, in document order (the order of <see cref="EvaluateAll"/>).</summary>
    public IReadOnlyList<string> FlagKeys { get; }

    /// <summary>Flag-set level metadata as UTF-8 JSON object, or empty when none.</summary>
    public ReadOnlyMemory<byte> MetadataUtf8Json { get; }

    /// <summary>Steps one evaluation of one flag may take (<see cref="RuleLimits.MaxEvaluationSteps"/>).</summary>
    public int MaxEvaluationSteps { get; }

    /// <summary>Compiles an already validated document (see <see cref="FlagSetCompiler"/>, which does both at once).</summary>
    public static CompiledFlagSet Compile(FlagSetDocument document) => Compile(document, TimeProvider.System);

    /// <summary>Compiles with a specific clock for <c>$flagd.timestamp</c> (tests, replays).</summary>
    public static CompiledFlagSet Compile(FlagSetDocument document, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return FlagSetCompiler.Compile(document.Json, ValidationMode.Lenient, RuleLimits.Default, timeProvider).Flags
            ?? throw new ArgumentException("The document does not compile.", nameof(document));
    }

    /// <summary>Evaluates one flag; unknown keys give FLAG_NOT_FOUND, never an exception.</summary>
    public EvaluationResult Evaluate(string flagKey, EvaluationContext context)
    {
        if (flagKey is null || !_byKey.TryGetValue(flagKey, out var flag))
        {
            return new EvaluationResult(flagKey ?? string.Empty, _notFound);
        }

        return flag.Evaluate(context ?? EvaluationContext.Empty, _timeProvider);
    }

    /// <summary>
    /// Evaluates one flag for a caller that expects <paramref name="expectedKind"/>; a value that cannot be
    /// read losslessly as that kind gives TYPE_MISMATCH (integers read as floats, 10.0 reads as 10).
    /// </summary>
    public EvaluationResult Evaluate(string flagKey, EvaluationContext context, FlagValueKind expectedKind)
    {
        var result = Evaluate(flagKey, context);
        if (result.Value is { } value && !value.IsCompatibleWith(expectedKind))
        {
            return EvaluationResult.Failure(
                result.FlagKey,
                ErrorCodes.TypeMismatch,
                $"Flag '{result.FlagKey}' is {value.Kind}, not {expectedKind}.",
                result.MetadataUtf8Json);
        }

        return result;
    }

    /// <summary>Evaluates every flag into <paramref name="destination"/> (length ≥ FlagKeys.Count), in FlagKeys order.</summary>
    public void EvaluateAll(EvaluationContext context, Span<EvaluationResult> destination)
    {
        if (destination.Length < _flags.Length)
        {
            throw new ArgumentException($"The destination must hold {_flags.Length} results.", nameof(destination));
        }

        context ??= EvaluationContext.Empty;
        for (var i = 0; i < _flags.Length; i++)
        {
            destination[i] = _flags[i].Evaluate(context, _timeProvider);
        }
    }
}
