using System.Net;
using System.Net.Http.Headers;

namespace FlagGrains.Mobile.Tests.TestSupport;

/// <summary>
/// Sits between the SDK and the real silo: records every exchange, can answer in the silo's place (429, 503) or hold
/// a request back, and lets a test wait for an exchange instead of sleeping.
/// </summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly List<Exchange> _exchanges = [];
    private readonly List<(Func<Exchange, bool> Matches, TaskCompletionSource<Exchange> Seen)> _waiters = [];
    private readonly Queue<Func<HttpRequestMessage, Task<HttpResponseMessage?>>> _interceptions = new();

    public IReadOnlyList<Exchange> Exchanges
    {
        get
        {
            lock (_gate) return [.. _exchanges];
        }
    }

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
    public async Task<Exchange> WaitForAsync(Func<Exchange, bool> matches, string what)
    {
        TaskCompletionSource<Exchange> seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_exchanges.FirstOrDefault(matches) is { } already) return already;
            _waiters.Add((matches, seen));
        }

        try
        {
            return await seen.Task.WaitAsync(SignalTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No {what} within {SignalTimeout.TotalSeconds} s; saw: {string.Join(", ", Exchanges)}");
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Func<HttpRequestMessage, Task<HttpResponseMessage?>>? interception = null;
        if (request.RequestUri!.AbsolutePath.EndsWith("/ofrep/v1/evaluate/flags", StringComparison.Ordinal))
        {
            lock (_gate) _interceptions.TryDequeue(out interception);
        }

        var response = (interception is null ? null : await interception(request)) ?? await base.SendAsync(request, cancellationToken);

        var exchange = new Exchange(request.Method, request.RequestUri!, request.Headers.IfNoneMatch.ToString(), request.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null, (int)response.StatusCode);
        List<TaskCompletionSource<Exchange>> satisfied = [];
        lock (_gate)
        {
            _exchanges.Add(exchange);
            foreach (var waiter in _waiters.Where(w => w.Matches(exchange)).ToList())
            {
                satisfied.Add(waiter.Seen);
                _waiters.Remove(waiter);
            }
        }

        satisfied.ForEach(s => s.TrySetResult(exchange));
        return response;
    }
}

/// <summary>One request the SDK made and the status it got.</summary>
public sealed record Exchange(HttpMethod Method, Uri Url, string IfNoneMatch, string? LastEventId, int Status)
{
    public bool IsBulk => Url.AbsolutePath.EndsWith("/ofrep/v1/evaluate/flags", StringComparison.Ordinal);

    public bool IsStream => Url.AbsolutePath.EndsWith("/event-stream", StringComparison.Ordinal);

    public string? FlagConfigEtag => System.Web.HttpUtility.ParseQueryString(Url.Query)["flagConfigEtag"];

    public override string ToString() => $"{Method} {Url.AbsolutePath} -> {Status}";
}
