using FlagGrains.Mobile.Evaluation;

namespace FlagGrains.Mobile.Transport;

internal enum FetchOutcome
{
    /// <summary>200: new values.</summary>
    Changed,

    /// <summary>304: the values held are current.</summary>
    NotModified,

    /// <summary>401/403: the key is not accepted; retrying cannot help.</summary>
    Refused,

    /// <summary>408, 429, 5xx, network and timeouts, or a 200 that is not ours (captive portals): try again later.</summary>
    Retry,

    /// <summary>Any other 4xx (invalid context, too large): retrying the same request cannot help.</summary>
    Rejected,
}

/// <summary>The outcome of one bulk evaluation request.</summary>
internal sealed class FetchResult
{
    private FetchResult(FetchOutcome outcome, string problem)
    {
        Outcome = outcome;
        Problem = problem;
    }

    public FetchOutcome Outcome { get; }

    /// <summary>Short and free of secrets and context values: safe for logs and status events.</summary>
    public string Problem { get; }

    public IReadOnlyList<FlagEvaluation> Flags { get; private init; } = [];

    public string? ETag { get; private init; }

    public StreamLink? Stream { get; private init; }

    /// <summary>The server's Retry-After, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    public static FetchResult Changed(IReadOnlyList<FlagEvaluation> flags, string? etag, StreamLink? stream) =>
        new(FetchOutcome.Changed, "") { Flags = flags, ETag = etag, Stream = stream };

    public static FetchResult NotModified(string? etag) => new(FetchOutcome.NotModified, "") { ETag = etag };

    public static FetchResult Failed(FetchOutcome outcome, string problem, TimeSpan? retryAfter = null) =>
        new(outcome, problem) { RetryAfter = retryAfter };
}
