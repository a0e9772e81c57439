namespace FlagGrains.Mobile.Transport;

internal enum StreamOpenOutcome
{
    Connected,

    /// <summary>401/403: the credential in the URL expired or its key was revoked; a fresh bulk fetch tells which.</summary>
    Refused,

    /// <summary>Network, 408, 429, 5xx, or not an event stream: reconnect after a backoff.</summary>
    Retry,

    /// <summary>Any other 4xx: this server will not stream to us now; poll, and ask again after a poll interval.</summary>
    Unsupported,
}

/// <summary>The outcome of opening an event stream; <see cref="Response"/> is owned by the caller when connected.</summary>
internal sealed class StreamOpenResult(StreamOpenOutcome outcome, string problem, HttpResponseMessage? response = null, TimeSpan? retryAfter = null)
{
    public StreamOpenOutcome Outcome { get; } = outcome;

    public string Problem { get; } = problem;

    public HttpResponseMessage? Response { get; } = response;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
