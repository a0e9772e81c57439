using FlagGrains.Mobile.Sync;
using FlagGrains.Mobile.Transport;

namespace FlagGrains.Mobile.Tests.Sync;

public sealed class FetchSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);
    private static readonly RefetchMetadata V7 = new("\"v7\"", null);
    private static readonly RefetchMetadata V8 = new("\"v8\"", "1771622898");

    [Fact]
    public void Without_a_request_only_polling_makes_a_fetch_due_one_interval_after_the_last_answer()
    {
        var scheduler = new FetchScheduler(() => 0, Interval, Start);
        scheduler.Answered(Start + TimeSpan.FromSeconds(5));

        Assert.Equal(DateTimeOffset.MaxValue, scheduler.Due(polling: false));
        Assert.Equal(Start + TimeSpan.FromSeconds(65), scheduler.Due(polling: true));
        Assert.Equal(DateTimeOffset.MaxValue, new FetchScheduler(() => 0, TimeSpan.Zero, Start).Due(polling: true));
    }

    [Fact]
    public void Requests_coalesce_into_one_fetch_due_at_once()
    {
        var scheduler = new FetchScheduler(() => 0, Interval, Start);

        scheduler.Request(unconditional: false, refetch: null);
        scheduler.Request(unconditional: false, refetch: null);
        var due = scheduler.Due(polling: false);
        scheduler.Take();

        Assert.Equal(DateTimeOffset.MinValue, due);
        Assert.False(scheduler.Pending);
        Assert.Equal(DateTimeOffset.MaxValue, scheduler.Due(polling: false));
    }

    [Fact]
    public void Only_a_fetch_the_latest_notification_asked_for_carries_its_metadata()
    {
        var scheduler = new FetchScheduler(() => 0, Interval, Start);

        scheduler.Request(unconditional: false, V7);
        scheduler.Request(unconditional: false, V8);
        var latest = scheduler.Take();
        scheduler.Request(unconditional: false, V7);
        scheduler.Request(unconditional: false, refetch: null);
        var plain = scheduler.Take();

        Assert.Equal((false, V8), latest);
        Assert.Equal((false, (RefetchMetadata?)null), plain);
    }

    [Fact]
    public void An_unconditional_request_wins_over_conditional_ones()
    {
        var scheduler = new FetchScheduler(() => 0, Interval, Start);

        scheduler.Request(unconditional: false, V7);
        scheduler.Request(unconditional: true, refetch: null);

        Assert.Equal((true, (RefetchMetadata?)null), scheduler.Take());
    }

    [Fact]
    public void A_failed_fetch_goes_again_after_the_backoff_unless_a_newer_request_came_in()
    {
        var scheduler = new FetchScheduler(() => 0, Interval, Start);
        scheduler.Request(unconditional: false, V7);
        var (unconditional, refetch) = scheduler.Take();

        scheduler.Failed(Start, retryAfter: null, unconditional, refetch);
        var due = scheduler.Due(polling: false);
        var again = scheduler.Take();
        scheduler.Request(unconditional: false, V8);
        scheduler.Failed(Start, retryAfter: TimeSpan.FromSeconds(30), unconditional, refetch);

        Assert.Equal(Start + TimeSpan.FromSeconds(1), due);
        Assert.Equal((false, V7), again);
        Assert.Equal(Start + TimeSpan.FromSeconds(30), scheduler.Due(polling: false));
        Assert.Equal((false, V8), scheduler.Take());
    }

    [Fact]
    public void After_a_failure_polling_waits_for_the_later_of_the_backoff_and_the_interval()
    {
        var scheduler = new FetchScheduler(() => 0, Interval, Start);
        scheduler.Failed(Start, retryAfter: TimeSpan.FromMinutes(5), unconditional: false, refetch: null);
        scheduler.Take();

        Assert.Equal(Start + TimeSpan.FromMinutes(5), scheduler.Due(polling: true));
    }
}
