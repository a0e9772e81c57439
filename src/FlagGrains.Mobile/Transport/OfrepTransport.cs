using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FlagGrains.Mobile.Transport;

/// <summary>
/// The two HTTP exchanges of the client: the OFREP bulk evaluation and opening its event stream. Classifies every
/// answer so the sync loop only decides what to do next; never throws for anything the network or server does.
/// </summary>
internal sealed class OfrepTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _bulkUrl;
    private readonly string _clientKey;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _timeout;

    public OfrepTransport(Uri baseUrl, string clientKey, HttpMessageHandler? handler, TimeProvider clock, TimeSpan timeout)
    {
        var root = baseUrl.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _bulkUrl = new Uri(root, "ofrep/v1/evaluate/flags");
        _clientKey = clientKey;
        _clock = clock;
        _timeout = timeout;
        // A caller's handler (tests, custom TLS) stays theirs to dispose.
        _http = handler is null
            ? new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate })
            : new HttpClient(handler, disposeHandler: false);

        // Our own clock bounds each request; HttpClient's real-time timeout would fight it in tests.
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public async Task<FetchResult> FetchBulkAsync(byte[] body, string? ifNoneMatch, RefetchMetadata? refetch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WithRefetchQuery(refetch)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _clientKey);
        request.Headers.Accept.ParseAdd("application/json");
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);

        using var timeout = _clock.CreateCancellationTokenSource(_timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var etag = response.Headers.ETag?.ToString();
            var status = (int)response.StatusCode;
            switch (status)
            {
                case 200:
                    var content = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    return IsJson(response) && BulkResponseReader.Read(content, _bulkUrl) is { } parsed
                        ? FetchResult.Changed(parsed.Flags, etag, parsed.Stream)
                        : FetchResult.Failed(FetchOutcome.Retry, "200 without an OFREP body (a proxy or portal answered)");
                case 304:
                    return FetchResult.NotModified(etag);
                case 401 or 403:
                    return FetchResult.Failed(FetchOutcome.Refused, $"{status}: the client key was refused");
                case 408 or 429 or >= 500:
                    return FetchResult.Failed(FetchOutcome.Retry, $"{status} from the server", RetryAfter.Read(response.Headers, _clock.GetUtcNow()));
                default:
                    return FetchResult.Failed(FetchOutcome.Rejected, $"{status} {await ErrorCodeAsync(response).ConfigureAwait(false)}".TrimEnd());
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchResult.Failed(FetchOutcome.Retry, "request timed out");
        }
        catch (HttpRequestException ex)
        {
            return FetchResult.Failed(FetchOutcome.Retry, $"network error ({ex.GetType().Name})");
        }
        catch (IOException ex)
        {
            return FetchResult.Failed(FetchOutcome.Retry, $"network error ({ex.GetType().Name})");
        }
    }

    /// <summary>Opens the stream; the caller reads and disposes the response when connected.</summary>
    public async Task<StreamOpenResult> OpenStreamAsync(Uri url, string? lastEventId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        if (lastEventId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);

        using var timeout = _clock.CreateCancellationTokenSource(_timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new StreamOpenResult(StreamOpenOutcome.Retry, "stream connect timed out");
        }
        catch (HttpRequestException ex)
        {
            return new StreamOpenResult(StreamOpenOutcome.Retry, $"network error ({ex.GetType().Name})");
        }
        catch (IOException ex)
        {
            return new StreamOpenResult(StreamOpenOutcome.Retry, $"network error ({ex.GetType().Name})");
        }

        var status = (int)response.StatusCode;
        if (status == 200 && response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            return new StreamOpenResult(StreamOpenOutcome.Connected, "", response);

        using (response)
        {
            return status switch
            {
                200 => new StreamOpenResult(StreamOpenOutcome.Retry, "200 that is not an event stream (a proxy or portal answered)"),
                401 or 403 => new StreamOpenResult(StreamOpenOutcome.Refused, $"stream {status}"),
                408 or 429 or >= 500 => new StreamOpenResult(StreamOpenOutcome.Retry, $"stream {status}", retryAfter: RetryAfter.Read(response.Headers, _clock.GetUtcNow())),
                _ => new StreamOpenResult(StreamOpenOutcome.Unsupported, $"stream {status}"),
            };
        }
    }

    public void Dispose()
    {
        _http.Dispose();
    }

    private Uri WithRefetchQuery(RefetchMetadata? refetch)
    {
        if (refetch is null || (refetch.FlagConfigEtag is null && refetch.FlagConfigLastModified is null)) return _bulkUrl;
        var query = new List<string>(2);
        if (refetch.FlagConfigEtag is { } etag) query.Add("flagConfigEtag=" + Uri.EscapeDataString(etag));
        if (refetch.FlagConfigLastModified is { } modified) query.Add("flagConfigLastModified=" + Uri.EscapeDataString(modified));
        return new Uri(_bulkUrl.AbsoluteUri + "?" + string.Join("&", query));
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type
        && (type == "application/json" || type.EndsWith("+json", StringComparison.Ordinal));

    /// <summary>The OFREP error code of a 4xx, if the body has one; the details text may quote the request.</summary>
    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response)
    {
        try
        {
            var content = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("errorCode", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString()!
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
