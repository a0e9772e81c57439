using FlagGrains.Domain.Bucketing;
using FlagGrains.Domain.JsonLogic;
using FlagGrains.Domain.JsonLogic.Nodes;

namespace FlagGrains.Domain.Operators;

/// <summary>
/// flagd's <c>fractional</c>: picks a bucket by hashing the bucketing key (the first argument when it is
/// not a bucket, else flag key + targeting key) and returns that bucket's variant. Variant names and
/// weights may be rules. Returns null (the default variant) when there is no usable key, any bucket's
/// variant is not a string/boolean/number/null, weights are invalid (non-integral, too large) or all
/// zero; negative weights count as zero, absent or null weights as one. As in flagd (Go) and flagd-core,
/// the operator sees evaluated arguments: a bucketing expression that yields an array is a leading bucket.
/// </summary>
internal sealed class FractionalNode : LogicNode
{
    private const int StackBuckets = 64;

    private readonly LogicNode? _bucketingKey;

    // The hash of flag key + targeting key always starts with the flag key's bytes: hash those once.
    private readonly MurmurHash3.Incremental _afterFlagKey;
    private readonly LogicNode[] _variants;
    private readonly bool _variantsConstant;
    private readonly LogicNode?[] _weights;
    private readonly int[]? _constantWeights;
    private readonly long _constantTotal;

    public FractionalNode(LogicNode? bucketingKey, byte[] flagKeyUtf8, LogicNode[] variants, LogicNode?[] weights)
    {
        _bucketingKey = bucketingKey;
        _afterFlagKey = new MurmurHash3.Incremental(0);
        _afterFlagKey.Append(flagKeyUtf8);
        _variants = variants;
        _variantsConstant = Array.TrueForAll(variants, variant => variant.IsConstant);
        _weights = weights;
        if (Array.TrueForAll(weights, weight => weight is null || weight.IsConstant))
        {
            var constant = new int[weights.Length];
            var scope = default(EvaluationScope);
            if (TryEvaluateWeights(ref scope, constant, out var total))
            {
                _constantWeights = constant;
                _constantTotal = total;
            }
            else
            {
                _constantTotal = -1;
            }
        }
    }

    public override LogicValue Evaluate(ref EvaluationScope scope)
    {
        if (!TryHashBucketingKey(ref scope, out var hash, out var leadingBucket) || !VariantsAreUsable(ref scope))
        {
            return LogicValue.Null;
        }

        if (leadingBucket.Kind == LogicValueKind.Array)
        {
            return EvaluateWithLeadingBucket(ref scope, hash, leadingBucket.AsArray);
        }

        int index;
        if (_constantWeights is not null)
        {
            index = FractionalBucketing.SelectBucket(hash, _constantWeights, _constantTotal);
        }
        else if (_constantTotal < 0)
        {
            return LogicValue.Null;
        }
        else
        {
            var weights = _weights.Length <= StackBuckets ? stackalloc int[_weights.Length] : new int[_weights.Length];
            if (!TryEvaluateWeights(ref scope, weights, out var total))
            {
                return LogicValue.Null;
            }

            index = FractionalBucketing.SelectBucket(hash, weights, total);
        }

        return index < 0 ? LogicValue.Null : _variants[index].Evaluate(ref scope);
    }

    /// <summary>flagd validates every bucket before choosing one, so a bad variant anywhere yields null.</summary>
    private bool VariantsAreUsable(ref EvaluationScope scope)
    {
        if (_variantsConstant)
        {
            return true;
        }

        foreach (var variant in _variants)
        {
            if (!variant.IsConstant && !IsVariantName(variant.Evaluate(ref scope)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsVariantName(in LogicValue value) =>
        value.Kind is LogicValueKind.String or LogicValueKind.Boolean or LogicValueKind.Number or LogicValueKind.Null;

    /// <summary>
    /// The bucketing expression yielded an array, which flagd takes as one more bucket [variant, weight?] in
    /// front of the others (bucketing on the targeting key); rare, so weights go to the heap.
    /// </summary>
    private LogicValue EvaluateWithLeadingBucket(ref EvaluationScope scope, uint hash, LogicValue[] bucket)
    {
        if (bucket.Length is 0 or > 2 || !IsVariantName(bucket[0]) || !TryReadWeight(bucket.Length == 2 ? bucket[1] : LogicValue.Null, out var leadingWeight))
        {
            return LogicValue.Null;
        }

        var weights = new int[_weights.Length + 1];
        weights[0] = leadingWeight;
        if (!TryEvaluateWeights(ref scope, weights.AsSpan(1), out var total))
        {
            return LogicValue.Null;
        }

        var index = FractionalBucketing.SelectBucket(hash, weights, total + leadingWeight);
        return index switch
        {
            < 0 => LogicValue.Null,
            0 => bucket[0],
            _ => _variants[index - 1].Evaluate(ref scope),
        };
    }

    private bool TryHashBucketingKey(ref EvaluationScope scope, out uint hash, out LogicValue leadingBucket)
    {
        hash = 0;
        leadingBucket = LogicValue.Null;
        if (_bucketingKey is CatNode cat && cat.TryHashUtf8(ref scope, out hash))
        {
            return true;
        }

        if (_bucketingKey is not null)
        {
            var key = _bucketingKey.Evaluate(ref scope);
            if (key.TryGetString(out var text))
            {
                hash = FractionalBucketing.HashKey([], text);
                return true;
            }

            // flagd falls back to the targeting key when the expression yields null (dropped) or an array (a bucket).
            if (key.Kind == LogicValueKind.Array)
            {
                leadingBucket = key;
            }
            else if (!key.IsNull)
            {
                return false;
            }
        }

        var targetingKey = scope.Context?.TargetingKeyUtf8;
        if (targetingKey is null || targetingKey.Length == 0)
        {
            return false;
        }

        hash = _afterFlagKey.FinishWith(targetingKey);
        return true;
    }

    private bool TryEvaluateWeights(ref EvaluationScope scope, Span<int> weights, out long total)
    {
        total = 0;
        for (var i = 0; i < _weights.Length; i++)
        {
            var node = _weights[i];
            var value = node is null ? LogicValue.FromNumber(1) : node.Evaluate(ref scope);
            if (!TryReadWeight(value, out weights[i]))
            {
                return false;
            }

            total += weights[i];
        }

        return total <= FractionalBucketing.MaxTotalWeight;
    }

    private static bool TryReadWeight(in LogicValue value, out int weight)
    {
        weight = 0;
        if (value.IsNull)
        {
            weight = 1;
            return true;
        }

        if (value.Kind != LogicValueKind.Number)
        {
            return false;
        }

        var number = value.AsNumber;
        if (!double.IsFinite(number) || number != Math.Floor(number) || number > int.MaxValue)
        {
            return false;
        }

        // Computed weights (e.g. time-based rollouts) may go negative; flagd clamps them to zero.
        weight = number < 0 ? 0 : (int)number;
        return true;
    }
}
