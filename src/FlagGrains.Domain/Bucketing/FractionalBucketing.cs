using System.Buffers;
using System.Text.Unicode;

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

    private const int ChunkBytes = 128;

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
        var state = new MurmurHash3.Incremental(0);
        state.Append(prefixUtf8);
        AppendUtf8(ref state, text);
        return state.Finish();
    }

    /// <summary>Encodes <paramref name="text"/> as UTF-8 into the hash in small chunks (lone surrogates become U+FFFD, as Encoding.UTF8 does).</summary>
    internal static void AppendUtf8(ref MurmurHash3.Incremental state, ReadOnlySpan<char> text)
    {
        Span<byte> chunk = stackalloc byte[ChunkBytes];
        while (true)
        {
            var status = Utf8.FromUtf16(text, chunk, out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            state.Append(chunk[..written]);
            if (status != OperationStatus.DestinationTooSmall)
            {
                return;
            }

            text = text[read..];
        }
    }
}
