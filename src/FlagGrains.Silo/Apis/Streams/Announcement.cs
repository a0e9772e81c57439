using System.Buffers;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>An environment reached a version: what one notification says. Shared by every connection it goes to.</summary>
public sealed class Announcement(long version, DateTimeOffset lastModified)
{
    private byte[]? _frame;

    public long Version { get; } = version;

    public DateTimeOffset LastModified { get; } = lastModified;

    /// <summary>
    /// The notification's bytes, encoded by the first connection that writes them: the 10,000 streams of one change
    /// share one frame instead of each formatting its own. Two first writers may both encode; the bytes are the same.
    /// </summary>
    public ReadOnlyMemory<byte> Frame => _frame ??= Encode();

    private byte[] Encode()
    {
        var frame = new ArrayBufferWriter<byte>(160);
        SseFrames.WriteRefetch(frame, Version, LastModified);
        return frame.WrittenSpan.ToArray();
    }
}
