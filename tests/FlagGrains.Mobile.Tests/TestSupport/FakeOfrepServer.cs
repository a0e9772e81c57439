using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;

namespace FlagGrains.Mobile.Tests.TestSupport;

/// <summary>
/// An OFREP service in memory, for what a real silo cannot be made to do on cue: a stream that goes silent, ends after
/// a given event, answers 404 or 503, a server that replays nothing on reconnect, or bulk answers without
/// <c>eventStreams</c>. Bulk answers follow the silo's conventions: an ETag starting with the environment version, a
/// 304 for a matching If-None-Match, and the advertised stream.
/// </summary>
public sealed class FakeOfrepServer : HttpMessageHandler
{
    public static readonly Uri BaseUrl = new("http://ofrep.test/");

    public const string StreamUrl = "http://ofrep.test/ofrep/v1/event-stream?token=t1";

    private readonly Lock _gate = new();
    private readonly Channel<FakeSseStream> _opened = Channel.CreateUnbounded<FakeSseStream>();
    private long _version = 1;
    private string _color = "red";
    private string? _streamUrl = StreamUrl;
    private int? _inactivityDelaySec;
    private HttpStatusCode _streamStatus = HttpStatusCode.OK;

    public ExchangeLog Log { get; } = new();

    public IReadOnlyList<Exchange> Bulk => [.. Log.All.Where(e => e.IsBulk)];

    public IReadOnlyList<Exchange> Streams => [.. Log.All.Where(e => e.IsStream)];

    public long Version
    {
        get
        {
            lock (_gate) return _version;
        }
    }

    /// <summary>A new version of the environment with <paramref name="color"/> as the value of <c>banner-color</c>.</summary>
    public long Publish(string color)
    {
        lock (_gate)
        {
            _color = color;
            return ++_version;
        }
    }

    /// <summary>What bulk answers advertise from now on: a stream URL (null: no <c>eventStreams</c>) and its inactivity delay.</summary>
    public void Advertise(string? streamUrl, int? inactivityDelaySec = null)
    {
        lock (_gate)
        {
            _streamUrl = streamUrl;
            _inactivityDelaySec = inactivityDelaySec;
        }
    }

    /// <summary>How stream connects are answered from now on: 200 opens a stream, anything else is refused with it.</summary>
    public void AnswerStreamsWith(HttpStatusCode status)
    {
        lock (_gate) _streamStatus = status;
    }

    /// <summary>The next stream the client opens (waits for it, bounded).</summary>
    public async Task<FakeSseStream> NextStreamAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            return await _opened.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No stream opened within 15 s; saw: {string.Join(", ", Log.All)}");
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        FakeSseStream? stream = null;
        var response = request.RequestUri!.AbsolutePath switch
        {
            "/ofrep/v1/evaluate/flags" => Evaluate(request),
            "/ofrep/v1/event-stream" => OpenStream(out stream),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
        Log.Add(Exchange.Of(request, (int)response.StatusCode));
        if (stream is not null) await _opened.Writer.WriteAsync(stream, cancellationToken);
        return response;
    }

    private HttpResponseMessage Evaluate(HttpRequestMessage request)
    {
        string etag, body;
        lock (_gate)
        {
            etag = $"\"{_version.ToString(CultureInfo.InvariantCulture)}-{_color}\"";
            var streams = _streamUrl is null
                ? ""
                : $$""","eventStreams":[{"type":"sse","url":"{{_streamUrl}}"{{(_inactivityDelaySec is { } delay ? $",\"inactivityDelaySec\":{delay}" : "")}}}]""";
            body = $$"""{"flags":[{"key":"banner-color","value":"{{_color}}","reason":"STATIC","variant":"{{_color}}"}]{{streams}}}""";
        }

        var response = request.Headers.IfNoneMatch.ToString() == etag
            ? new HttpResponseMessage(HttpStatusCode.NotModified)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        response.Headers.ETag = EntityTagHeaderValue.Parse(etag);
        return response;
    }

    private HttpResponseMessage OpenStream(out FakeSseStream? stream)
    {
        stream = null;
        HttpStatusCode status;
        lock (_gate) status = _streamStatus;
        if (status != HttpStatusCode.OK) return new HttpResponseMessage(status) { Content = new StringContent("") };

        stream = new FakeSseStream();
        var content = new StreamContent(stream);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}
