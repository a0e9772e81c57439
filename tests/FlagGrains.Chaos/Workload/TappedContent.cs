using System.Net;

namespace FlagGrains.Chaos.Workload;

/// <summary>The response content of a stream with a tap between it and its reader; headers are kept.</summary>
public sealed class TappedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Func<Stream, Stream> _tap;
    private readonly Action _disposed;

    public TappedContent(HttpContent inner, Func<Stream, Stream> tap, Action disposed)
    {
        _inner = inner;
        _tap = tap;
        _disposed = disposed;
        foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
    }

    protected override async Task<Stream> CreateContentReadStreamAsync() => _tap(await _inner.ReadAsStreamAsync());

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var tapped = await CreateContentReadStreamAsync();
        await tapped.CopyToAsync(stream);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _disposed();
        }

        base.Dispose(disposing);
    }
}
