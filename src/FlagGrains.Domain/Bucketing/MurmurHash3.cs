using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

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
        var state = new Incremental(seed);
        state.Append(data);
        return state.Finish();
    }

    private static uint MixBlock(uint hash, uint block)
    {
        hash ^= ScrambleBlock(block);
        hash = BitOperations.RotateLeft(hash, 13);
        return (hash * 5) + 0xe6546b64;
    }

    private static uint ScrambleBlock(uint k)
    {
        k *= C1;
        k = BitOperations.RotateLeft(k, 15);
        return k * C2;
    }

    /// <summary>
    /// Hashes input fed in pieces exactly as if it were one span, so callers can hash "flag key + targeting
    /// key" while encoding the second part chunk by chunk, with no buffer for the whole key.
    /// </summary>
    internal struct Incremental(uint seed)
    {
        private uint _hash = seed;
        private uint _pending;
        private int _pendingCount;
        private int _length;

        public void Append(ReadOnlySpan<byte> data)
        {
            _length += data.Length;
            while (_pendingCount != 0 && !data.IsEmpty)
            {
                _pending |= (uint)data[0] << (8 * _pendingCount);
                data = data[1..];
                if (++_pendingCount == 4)
                {
                    _hash = MixBlock(_hash, _pending);
                    _pending = 0;
                    _pendingCount = 0;
                }
            }

            var blocks = MemoryMarshal.Cast<byte, uint>(data[..(data.Length & ~3)]);
            foreach (var block in blocks)
            {
                _hash = MixBlock(_hash, BitConverter.IsLittleEndian ? block : BinaryPrimitives.ReverseEndianness(block));
            }

            foreach (var tail in data[(data.Length & ~3)..])
            {
                _pending |= (uint)tail << (8 * _pendingCount++);
            }
        }

        public readonly uint Finish() => FinishWith([]);

        /// <summary>
        /// The hash of everything appended so far followed by <paramref name="data"/>, leaving this state as it is.
        /// Works on locals only, so a precomputed prefix state (a flag key) plus a short key hashes in registers.
        /// </summary>
        public readonly uint FinishWith(ReadOnlySpan<byte> data)
        {
            var hash = _hash;
            var pending = _pending;
            var pendingCount = _pendingCount;
            var i = 0;
            if (pendingCount != 0)
            {
                while (pendingCount < 4 && i < data.Length)
                {
                    pending |= (uint)data[i++] << (8 * pendingCount++);
                }

                if (pendingCount == 4)
                {
                    hash = MixBlock(hash, pending);
                    pending = 0;
                    pendingCount = 0;
                }
            }

            var rest = data[i..];
            foreach (var block in MemoryMarshal.Cast<byte, uint>(rest[..(rest.Length & ~3)]))
            {
                hash = MixBlock(hash, BitConverter.IsLittleEndian ? block : BinaryPrimitives.ReverseEndianness(block));
            }

            foreach (var tail in rest[(rest.Length & ~3)..])
            {
                pending |= (uint)tail << (8 * pendingCount++);
            }

            if (pendingCount != 0)
            {
                hash ^= ScrambleBlock(pending);
            }

            hash ^= (uint)(_length + data.Length);
            hash ^= hash >> 16;
            hash *= 0x85ebca6b;
            hash ^= hash >> 13;
            hash *= 0xc2b2ae35;
            hash ^= hash >> 16;
            return hash;
        }
    }
}
