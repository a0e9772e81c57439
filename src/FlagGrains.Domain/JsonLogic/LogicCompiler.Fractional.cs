using System.Text.Json;
using FlagGrains.Domain.Bucketing;
using FlagGrains.Domain.Model;
using FlagGrains.Domain.Operators;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>Shape checks and compilation of flagd's <c>fractional</c>.</summary>
internal sealed partial class LogicCompiler
{
    private LogicNode CompileFractional(JsonElement rawArguments, List<JsonElement> args, string path, bool scoped)
    {
        if (rawArguments.ValueKind != JsonValueKind.Array || args.Count == 0)
        {
            Report(path, "'fractional' takes an array: an optional bucketing expression followed by [variant, weight] buckets", fatal: false);
            return ConstantNode.Null;
        }

        // Buckets are arrays; anything else in first position is the bucketing expression.
        var shorthand = args[0].ValueKind == JsonValueKind.Array;
        LogicNode? bucketingKey = null;
        if (!shorthand)
        {
            var keyPath = JsonPath.Index(path, 0);
            bucketingKey = Compile(args[0], keyPath, scoped);
            if (bucketingKey is ConstantNode { Value.Kind: not LogicValueKind.Null } constantKey)
            {
                Report(keyPath, constantKey.Value.Kind == LogicValueKind.String
                    ? "the bucketing value is a constant string, so every subject lands in the same bucket; use an expression such as {\"var\": \"email\"}"
                    : "the bucketing value must be an expression that yields a string; a constant non-string makes 'fractional' yield null", fatal: false);
            }
        }

        var first = shorthand ? 0 : 1;
        var count = args.Count - first;
        if (count == 0)
        {
            Report(path, "'fractional' has no buckets; it always yields null", fatal: false);
            return ConstantNode.Null;
        }

        var variants = new LogicNode[count];
        var weights = new LogicNode?[count];
        var usable = true;
        long literalTotal = 0;
        for (var i = 0; i < count; i++)
        {
            var bucketPath = JsonPath.Index(path, first + i);
            var bucket = args[first + i];
            if (bucket.ValueKind != JsonValueKind.Array || bucket.GetArrayLength() is 0 or > 2)
            {
                Report(bucketPath, "a bucket must be [variant] or [variant, weight]", fatal: false);
                usable = false;
                continue;
            }

            variants[i] = Compile(bucket[0], JsonPath.Index(bucketPath, 0), scoped);
            if (variants[i] is ConstantNode { Value.Kind: LogicValueKind.Array or LogicValueKind.Object })
            {
                Report(JsonPath.Index(bucketPath, 0), "a bucket's variant must be a string (or boolean)", fatal: false);
                usable = false;
            }

            if (bucket.GetArrayLength() == 2)
            {
                var weightPath = JsonPath.Index(bucketPath, 1);
                weights[i] = Compile(bucket[1], weightPath, scoped);
                literalTotal += CheckLiteralWeight(weights[i]!, weightPath);
            }
            else
            {
                literalTotal++;
            }
        }

        if (literalTotal > FractionalBucketing.MaxTotalWeight)
        {
            Report(path, $"the bucket weights sum to more than {FractionalBucketing.MaxTotalWeight}; 'fractional' yields null", fatal: false);
        }

        return usable ? new FractionalNode(bucketingKey, _flagKeyUtf8, variants, weights) : ConstantNode.Null;
    }

    private long CheckLiteralWeight(LogicNode weight, string path)
    {
        if (weight is not ConstantNode constant)
        {
            return 0;
        }

        var value = constant.Value;
        if (value.Kind != LogicValueKind.Number || value.AsNumber != Math.Floor(value.AsNumber) || value.AsNumber < 0 || value.AsNumber > int.MaxValue)
        {
            Report(path, $"a weight must be a non-negative integer, not {value}; {(value.Kind == LogicValueKind.Number && value.AsNumber < 0 ? "it counts as 0" : "'fractional' yields null")}", fatal: false);
            return 0;
        }

        return (long)value.AsNumber;
    }
}
