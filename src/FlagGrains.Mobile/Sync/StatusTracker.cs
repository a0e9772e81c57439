using FlagGrains.Mobile.Evaluation;

namespace FlagGrains.Mobile.Sync;

/// <summary>
/// Turns what the sync loop has learnt into the one <see cref="FlagStatus"/> the app sees, and announces a change.
/// Status is derived, never set piecemeal: the loop reports facts (a fetch failed, the stream dropped, the key was
/// refused) and <see cref="Publish"/> works out the status from them and from the values being served, so no
/// combination of events can leave a status that contradicts the values. Used by the sync loop only (and by dispose,
/// after the loop has ended).
/// </summary>
internal sealed class StatusTracker(FlagPublisher publisher)
{
    private const string StreamDropped = "event stream disconnected";

    private bool _fetchFailed;
    private bool _streamDegraded;
    private bool _fatal;
    private bool _closed;
    private string? _problem;

    public void FetchSucceeded()
    {
        // Fresh values prove the change channel works again (polling covers while the stream reconnects).
        _fetchFailed = false;
        _streamDegraded = false;
        _problem = null;
    }

    public void FetchFailed(string problem)
    {
        _fetchFailed = true;
        _problem = problem;
    }

    public void Refused(string problem)
    {
        _fatal = true;
        _problem = problem;
    }

    public void StreamConnected() => _streamDegraded = false;

    /// <summary>A stream that was up dropped: values may miss a change until it is back or a fetch succeeds.</summary>
    public void StreamLost() => _streamDegraded = true;

    public void Close() => _closed = true;

    /// <summary>
    /// Announces the status for <paramref name="served"/> when the app asked for the context whose request has
    /// <paramref name="requestedFingerprint"/> (null until the device id is known).
    /// </summary>
    public void Publish(FlagSet served, string? requestedFingerprint)
    {
        var (status, problem) = Derive(served, requestedFingerprint);
        publisher.SetStatus(status, problem);
    }

    internal (FlagStatus Status, string? Problem) Derive(FlagSet served, string? requestedFingerprint)
    {
        if (_closed) return (FlagStatus.Closed, null);
        if (_fatal) return (FlagStatus.Fatal, _problem);

        var fresh = served.Source == FlagValueSource.Server && served.ContextFingerprint == requestedFingerprint;
        if (fresh && !_fetchFailed && !_streamDegraded) return (FlagStatus.Ready, _problem);
        if (fresh || served.Source is FlagValueSource.Server or FlagValueSource.Cache)
            return (FlagStatus.Stale, _problem ?? (_streamDegraded ? StreamDropped : null));
        return (FlagStatus.NotReady, _problem);
    }
}
