using System.Buffers.Text;

namespace FlagGrains.Chaos.Workload;

/// <summary>
/// A read-only pass-through of an event stream that reports every <c>id: {version}</c> line as it is read, and once,
/// how the stream ended.
/// </summary>
public sealed class EventTapStream(Stream inner, Action<long> onEvent, Action<string> onEnded) : Stream
{
    private readonly List<byte> _line = [];

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex)
        {
            onEnded($"ended: {ex.GetType().Name}");
            throw;
        }

        if (read == 0) onEnded("ended by the server");
        else Scan(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            onEnded("closed by the client");
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Scan(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b != (byte)'\n')
            {
                _line.Add(b);
                continue;
            }

            var line = _line.ToArray().AsSpan().TrimEnd((byte)'\r');
            _line.Clear();
            if (line.StartsWith("id: "u8) && Utf8Parser.TryParse(line[4..], out long version, out var used) && used == line.Length - 4)
                onEvent(version);
        }
    }
}
