using System.Net;
using System.Text;
using System.Text.Json;

namespace FlagGrains.Silo.Tests.Apis.Streams.Support;

/// <summary>An open event stream as a test sees it: frames in order, each read with a bounded wait.</summary>
public sealed class SseTestStream : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseTestStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseTestStream> OpenAsync(HttpClient client, string url, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        return new SseTestStream(response, reader);
    }

    /// <summary>The next frame (lines up to a blank line), comments included; null when the server ended the stream.</summary>
    public async Task<SseFrame?> ReadFrameAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token);
            if (line is null) return lines.Count == 0 ? null : new SseFrame(lines);
            if (line.Length == 0)
            {
                if (lines.Count > 0) return new SseFrame(lines);
                continue;
            }

            lines.Add(line);
        }
    }

    /// <summary>The next frame carrying data, skipping comments and field-only frames.</summary>
    public async Task<SseFrame?> ReadEventAsync()
    {
        while (await ReadFrameAsync() is { } frame)
        {
            if (frame.Data is not null) return frame;
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}

public sealed record SseFrame(IReadOnlyList<string> Lines)
{
    public string? Field(string name) =>
        Lines.Where(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..].TrimStart()).FirstOrDefault();

    public string? Id => Field("id");

    public string? Data => Field("data");

    public bool IsComment => Lines.All(l => l.StartsWith(':'));

    public JsonElement Json => JsonDocument.Parse(Data!).RootElement;
}
