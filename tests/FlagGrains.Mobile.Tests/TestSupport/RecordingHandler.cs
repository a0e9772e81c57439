using System.Net;
using System.Net.Http.Headers;

namespace FlagGrains.Mobile.Tests.TestSupport;

/// <summary>
/// Sits between the SDK and the real silo: records every exchange, can answer in the silo's place (429, 503), hold a
/// request back or cut the open event streams, and lets a test wait for an exchange instead of sleeping.
/// </summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly Lock _gate = new();
    private readonly ExchangeLog _log = new();
    private readonly Queue<Func<HttpRequestMessage, Task<HttpResponseMessage?>>> _interceptions = new();
    private readonly List<HttpResponseMessage> _openStreams = [];

    public IReadOnlyList<Exchange> Exchanges => _log.All;

    public int BulkRequests => Exchanges.Count(e => e.IsBulk);

    /// <summary>The next bulk evaluation is answered by <paramref name="respond"/> (null: forwarded after all).</summary>
    public void InterceptBulk(Func<HttpRequestMessage, Task<HttpResponseMessage?>> respond)
    {
        lock (_gate) _interceptions.Enqueue(respond);
    }

    public static Task<HttpResponseMessage?> Status(HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("") };
        if (retryAfter is { } wait) response.Headers.RetryAfter = new RetryConditionHeaderValue(wait);
        return Task.FromResult<HttpResponseMessage?>(response);
    }

    /// <summary>Completes with the first recorded exchange (past or future) that matches.</summary>
    public Task<Exchange> WaitForAsync(Func<Exchange, bool> matches, string what) => _log.WaitForAsync(matches, what);

    /// <summary>Drops every open event stream as a network would: the client's pending read fails.</summary>
    public void CutStreams()
    {
        List<HttpResponseMessage> open;
        lock (_gate)
        {
            open = [.. _openStreams];
            _openStreams.Clear();
        }

        open.ForEach(response => response.Dispose());
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Func<HttpRequestMessage, Task<HttpResponseMessage?>>? interception = null;
        if (request.RequestUri!.AbsolutePath.EndsWith("/ofrep/v1/evaluate/flags", StringComparison.Ordinal))
        {
            lock (_gate) _interceptions.TryDequeue(out interception);
        }

        var response = (interception is null ? null : await interception(request)) ?? await base.SendAsync(request, cancellationToken);
        var exchange = Exchange.Of(request, (int)response.StatusCode);
        if (exchange.IsStream && response.IsSuccessStatusCode)
        {
            lock (_gate) _openStreams.Add(response);
        }

        _log.Add(exchange);
        return response;
    }
}
