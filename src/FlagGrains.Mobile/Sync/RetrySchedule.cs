namespace FlagGrains.Mobile.Sync;

/// <summary>
/// When the next attempt may start after failures, as an absolute time on the client's clock. The loop compares it
/// with "now" at the moment it decides, so a retry is never late by however long the loop took to get round to it.
/// The delay is the <see cref="Backoff"/> step or the server's own hint (Retry-After, the stream's <c>retry:</c>),
/// whichever is longer. One instance per channel (bulk fetch, event stream); each is used by the sync loop only.
/// </summary>
internal sealed class RetrySchedule(Func<double> random)
{
    private readonly Backoff _backoff = new(random);

    /// <summary>Not before this time; <see cref="DateTimeOffset.MinValue"/> when nothing failed.</summary>
    public DateTimeOffset Due { get; private set; } = DateTimeOffset.MinValue;

    public void Failed(DateTimeOffset now, TimeSpan? serverHint)
    {
        var delay = _backoff.Next();
        Due = now + (serverHint is { } hint && hint > delay ? hint : delay);
    }

    public void Succeeded()
    {
        _backoff.Reset();
        Due = DateTimeOffset.MinValue;
    }

    /// <summary>
    /// A connection that had been up ended. One that stayed up <see cref="Backoff.HealthyAfter"/> was healthy, so its
    /// end starts the schedule over; one that keeps dropping soon after connecting keeps backing off.
    /// </summary>
    public void ConnectionEnded(DateTimeOffset now, DateTimeOffset connectedAt, TimeSpan? serverHint)
    {
        if (now - connectedAt >= Backoff.HealthyAfter) _backoff.Reset();
        Failed(now, serverHint);
    }
}
