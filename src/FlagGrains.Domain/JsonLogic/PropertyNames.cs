using System.Collections.Concurrent;
using System.Text;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// One string per attribute name seen, shared by every context that names it: a device sends the same few names
/// (<c>targetingKey</c>, <c>email</c>, <c>appVersion</c>…) on every request, and building them anew was about a twelfth
/// of a bulk evaluation request's allocations. Bounded, because the names come from the internet: past
/// <see cref="Capacity"/> names a new one gets a string of its own.
/// </summary>
internal static class PropertyNames
{
    public const int Capacity = 4_096;

    // Longer names are rare; sharing them would only let a sender fill the table with bigger strings.
    private const int MaxSharedBytes = 64;

    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> SharedBySpan =
        Shared.GetAlternateLookup<ReadOnlySpan<char>>();

    // Kept beside the table: ConcurrentDictionary.Count takes every lock of the table, and once the table is full
    // every unshared name in every request would ask for it.
    private static int _count;

    /// <summary>The string for a raw (still escaped) JSON property name, shared when there is room; null for escaped or long names.</summary>
    public static string? TryGet(ReadOnlySpan<byte> rawUtf8)
    {
        // Escaped names take the decoding path, which also repairs unpaired surrogates.
        if (rawUtf8.Length > MaxSharedBytes || rawUtf8.Contains((byte)'\\')) return null;

        Span<char> name = stackalloc char[MaxSharedBytes];
        if (!Encoding.UTF8.TryGetChars(rawUtf8, name, out var length)) return null;
        if (SharedBySpan.TryGetValue(name[..length], out var shared)) return shared;

        var created = new string(name[..length]);
        if (Volatile.Read(ref _count) >= Capacity) return created;
        if (Shared.TryAdd(created, created))
        {
            Interlocked.Increment(ref _count);
            return created;
        }

        return Shared.TryGetValue(created, out var raced) ? raced : created;
    }
}
