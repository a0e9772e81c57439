using System.Buffers;
using System.Text;

namespace FlagGrains.Domain.Bucketing;

/// <summary>
/// flagd's fractional bucketing (the "@fractional-v2" algorithm of the high-precision ADR): hash the UTF-8
/// bucketing key with MurmurHash3 (seed 0), project the 32-bit hash onto [0, totalWeight) with
/// <c>(hash × totalWeight) &gt;&gt; 32</c>, and walk the cumulative integer weights.
/// </summary>
public static class FractionalBucketing
{
    /// <summary>flagd caps the weight sum so the 64-bit product stays within Java's signed long.</summary>
    public const long MaxTotalWeight = int.MaxValue;

    private const int StackLimit = 512;

    /// <summary>Index of the bucket <paramref name="hash"/> falls into, or -1 when the weights are unusable.</summary>
    public static int SelectBucket(uint hash, ReadOnlySpan<int> weights)
    {
        long total = 0;
        foreach (var weight in weights)
        {
            if (weight < 0)
            {
                return -1;
            }

            total += weight;
        }

        return SelectBucket(hash, weights, total);
    }

    internal static int SelectBucket(uint hash, ReadOnlySpan<int> weights, long totalWeight)
    {
        if (totalWeight <= 0 || totalWeight > MaxTotalWeight)
        {
            return -1;
        }

        var bucket = ((ulong)hash * (ulong)totalWeight) >> 32;
        ulong rangeEnd = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            rangeEnd += (ulong)weights[i];
            if (bucket < rangeEnd)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>MurmurHash3 of the UTF-8 bytes of <paramref name="prefixUtf8"/> followed by <paramref name="text"/>.</summary>
    public static uint HashKey(ReadOnlySpan<byte> prefixUtf8, string text)
    {
        var maxLength = prefixUtf8.Length + Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = maxLength <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        try
        {
            prefixUtf8.CopyTo(buffer);
            var written = prefixUtf8.Length + Encoding.UTF8.GetBytes(text, buffer[prefixUtf8.Length..]);
            return MurmurHash3.Hash32(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
