using FlagGrains.Mobile.Evaluation;
using FlagGrains.Mobile.Sync;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlagGrains.Mobile.Tests.Sync;

public sealed class StatusTrackerTests
{
    private const string Alice = "fingerprint-alice";
    private const string Bob = "fingerprint-bob";

    private static readonly FlagSet FromServer = Values(FlagValueSource.Server, Alice);
    private static readonly FlagSet FromCache = Values(FlagValueSource.Cache, Alice);

    private readonly FlagPublisher _publisher = new(new object(), null, NullLogger.Instance);

    [Fact]
    public void A_client_goes_from_nothing_through_cached_to_fresh_values()
    {
        var tracker = new StatusTracker(_publisher);

        Assert.Equal(FlagStatus.NotReady, tracker.Derive(FlagSet.Empty, Alice).Status);
        Assert.Equal(FlagStatus.NotReady, tracker.Derive(Values(FlagValueSource.Bootstrap, null), Alice).Status);
        Assert.Equal((FlagStatus.Stale, null), tracker.Derive(FromCache, Alice));
        Assert.Equal((FlagStatus.Ready, null), tracker.Derive(FromServer, Alice));
    }

    [Fact]
    public void Values_of_the_previous_context_are_stale_until_the_new_ones_arrive()
    {
        var tracker = new StatusTracker(_publisher);

        Assert.Equal(FlagStatus.Stale, tracker.Derive(FromServer, Bob).Status);
    }

    [Fact]
    public void A_failed_fetch_makes_fresh_values_stale_with_its_problem_until_a_fetch_succeeds()
    {
        var tracker = new StatusTracker(_publisher);

        tracker.FetchFailed("503 from the server");
        var failed = tracker.Derive(FromServer, Alice);
        var nothingYet = tracker.Derive(FlagSet.Empty, Alice);
        tracker.FetchSucceeded();

        Assert.Equal((FlagStatus.Stale, "503 from the server"), failed);
        Assert.Equal((FlagStatus.NotReady, "503 from the server"), nothingYet);
        Assert.Equal((FlagStatus.Ready, null), tracker.Derive(FromServer, Alice));
    }

    [Fact]
    public void A_dropped_stream_makes_values_stale_until_it_reconnects_or_a_fetch_succeeds()
    {
        var tracker = new StatusTracker(_publisher);

        tracker.StreamLost();
        var dropped = tracker.Derive(FromServer, Alice);
        tracker.StreamConnected();
        var reconnected = tracker.Derive(FromServer, Alice);
        tracker.StreamLost();
        tracker.FetchSucceeded();

        Assert.Equal((FlagStatus.Stale, "event stream disconnected"), dropped);
        Assert.Equal(FlagStatus.Ready, reconnected.Status);
        Assert.Equal(FlagStatus.Ready, tracker.Derive(FromServer, Alice).Status);
    }

    [Fact]
    public void A_refused_key_is_fatal_whatever_else_happens_and_closing_wins_over_everything()
    {
        var tracker = new StatusTracker(_publisher);

        tracker.Refused("401: the client key was refused");
        tracker.FetchSucceeded();
        tracker.StreamConnected();
        var refused = tracker.Derive(FromServer, Alice);
        tracker.Close();

        Assert.Equal(FlagStatus.Fatal, refused.Status);
        Assert.Equal((FlagStatus.Closed, null), tracker.Derive(FromServer, Alice));
    }

    [Fact]
    public void Publish_hands_the_derived_status_to_the_client()
    {
        var tracker = new StatusTracker(_publisher);

        tracker.Publish(FromCache, Alice);
        var cached = _publisher.Status;
        tracker.Publish(FromServer, Alice);

        Assert.Equal(FlagStatus.Stale, cached);
        Assert.Equal(FlagStatus.Ready, _publisher.Status);
    }

    private static FlagSet Values(FlagValueSource source, string? fingerprint) =>
        FlagSet.From([new FlagEvaluation("banner-color", null, "STATIC", null, null, null)], source, fingerprint);
}
