using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace FlagGrains.Mobile.Tests.TestSupport;

/// <summary>
/// The body of one event stream, written by the test: events, comments, silence, a clean end or a reset. Like a
/// socket, a read pending when the client lets go (disposes the response) fails, and <see cref="Closed"/> says it did.
/// </summary>
public sealed class FakeSseStream : Stream
{
    private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _current = [];
    private int _offset;

    /// <summary>Completes when the client closed the connection.</summary>
    public Task Closed => _closed.Task;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void Send(string text) => _chunks.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    /// <summary>A change notification as FlagGrains sends it: the id, and the version as <c>etag</c>.</summary>
    public void Notify(string id, long version) => Send(
        $"id: {id}\nevent: message\ndata: {{\"type\":\"refetchEvaluation\",\"etag\":\"\\\"v{version.ToString(CultureInfo.InvariantCulture)}\\\"\"}}\n\n");

    /// <summary>The server ends the response (a silo stopping).</summary>
    public void End() => _chunks.Writer.TryComplete();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_offset == _current.Length)
        {
            if (!await _chunks.Reader.WaitToReadAsync(cancellationToken)) return 0;
            if (_chunks.Reader.TryRead(out var chunk))
            {
                _current = chunk;
                _offset = 0;
            }
        }

        var count = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
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
        _chunks.Writer.TryComplete(new IOException("The connection was closed."));
        _closed.TrySetResult();
        base.Dispose(disposing);
    }
}
