using System.Buffers.Binary;
using System.Numerics;

namespace FlagGrains.Domain.Bucketing;

/// <summary>
/// MurmurHash3 x86 32-bit (Austin Appleby's public-domain algorithm). flagd pins this exact hash so
/// every provider buckets a user identically; golden vectors in the tests guard it.
/// </summary>
public static class MurmurHash3
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;

    public static uint Hash32(ReadOnlySpan<byte> data, uint seed = 0)
    {
        var hash = seed;
        var blocks = data.Length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            hash ^= ScrambleBlock(k);
            hash = BitOperations.RotateLeft(hash, 13);
            hash = (hash * 5) + 0xe6546b64;
        }

        var tail = data[(blocks * 4)..];
        uint remainder = 0;
        switch (tail.Length)
        {
            case 3:
                remainder ^= (uint)tail[2] << 16;
                goto case 2;
            case 2:
                remainder ^= (uint)tail[1] << 8;
                goto case 1;
            case 1:
                remainder ^= tail[0];
                hash ^= ScrambleBlock(remainder);
                break;
        }

        hash ^= (uint)data.Length;
        return FinalMix(hash);
    }

    private static uint ScrambleBlock(uint k)
    {
        k *= C1;
        k = BitOperations.RotateLeft(k, 15);
        return k * C2;
    }

    private static uint FinalMix(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }
}
