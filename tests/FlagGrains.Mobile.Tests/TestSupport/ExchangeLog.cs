namespace FlagGrains.Mobile.Tests.TestSupport;

/// <summary>The requests a handler saw, and waiters for one that has not happened yet (a signal, not a sleep).</summary>
public sealed class ExchangeLog
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly List<Exchange> _exchanges = [];
    private readonly List<(Func<Exchange, bool> Matches, TaskCompletionSource<Exchange> Seen)> _waiters = [];

    public IReadOnlyList<Exchange> All
    {
        get
        {
            lock (_gate) return [.. _exchanges];
        }
    }

    public void Add(Exchange exchange)
    {
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
    }

    /// <summary>
    /// Completes with the first exchange (past or future) that matches, counting from the <paramref name="from"/>-th
    /// one recorded (so a test can ask for the next one after a point).
    /// </summary>
    public async Task<Exchange> WaitForAsync(Func<Exchange, bool> matches, string what, int from = 0)
    {
        TaskCompletionSource<Exchange> seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (from > _exchanges.Count) throw new ArgumentOutOfRangeException(nameof(from), "Only past exchanges can be skipped.");
            if (_exchanges.Skip(from).FirstOrDefault(matches) is { } already) return already;
            _waiters.Add((matches, seen));
        }

        try
        {
            return await seen.Task.WaitAsync(SignalTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No {what} within {SignalTimeout.TotalSeconds} s; saw: {string.Join(", ", All)}");
        }
    }
}

/// <summary>One request the SDK made and the status it got.</summary>
public sealed record Exchange(HttpMethod Method, Uri Url, string IfNoneMatch, string? LastEventId, int Status)
{
    public bool IsBulk => Url.AbsolutePath.EndsWith("/ofrep/v1/evaluate/flags", StringComparison.Ordinal);

    public bool IsStream => Url.AbsolutePath.EndsWith("/event-stream", StringComparison.Ordinal);

    public string? FlagConfigEtag => System.Web.HttpUtility.ParseQueryString(Url.Query)["flagConfigEtag"];

    public static Exchange Of(HttpRequestMessage request, int status) => new(
        request.Method,
        request.RequestUri!,
        request.Headers.IfNoneMatch.ToString(),
        request.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null,
        status);

    public override string ToString() => $"{Method} {Url.PathAndQuery} -> {Status}";
}
