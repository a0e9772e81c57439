using FlagGrains.Mobile.Sync;

namespace FlagGrains.Mobile.Tests.Sync;

public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_failure_is_retried_a_doubling_backoff_after_the_moment_it_happened()
    {
        var schedule = new RetrySchedule(() => 0);

        schedule.Failed(Now, null);
        var first = schedule.Due;
        schedule.Failed(Now + TimeSpan.FromSeconds(10), null);

        Assert.Equal(Now + TimeSpan.FromSeconds(1), first);
        Assert.Equal(Now + TimeSpan.FromSeconds(12), schedule.Due);
    }

    [Fact]
    public void The_servers_hint_wins_when_it_is_longer_than_the_backoff_and_only_then()
    {
        var schedule = new RetrySchedule(() => 0);

        schedule.Failed(Now, TimeSpan.FromSeconds(7));
        var hinted = schedule.Due;
        schedule.Failed(Now, TimeSpan.FromSeconds(0.5));

        Assert.Equal(Now + TimeSpan.FromSeconds(7), hinted);
        Assert.Equal(Now + TimeSpan.FromSeconds(2), schedule.Due);
    }

    [Fact]
    public void Success_clears_the_due_time_and_starts_the_backoff_over()
    {
        var schedule = new RetrySchedule(() => 0);
        schedule.Failed(Now, null);
        schedule.Failed(Now, null);

        schedule.Succeeded();
        var cleared = schedule.Due;
        schedule.Failed(Now, null);

        Assert.Equal(DateTimeOffset.MinValue, cleared);
        Assert.Equal(Now + TimeSpan.FromSeconds(1), schedule.Due);
    }

    [Theory]
    [InlineData(59, 4)]
    [InlineData(60, 1)]
    public void A_connection_that_stayed_up_a_minute_starts_the_backoff_over(int upSeconds, int expectedDelaySeconds)
    {
        var schedule = new RetrySchedule(() => 0);
        schedule.Failed(Now, null);
        schedule.Failed(Now, null);
        var end = Now + TimeSpan.FromSeconds(upSeconds);

        schedule.ConnectionEnded(end, connectedAt: Now, serverHint: null);

        Assert.Equal(end + TimeSpan.FromSeconds(expectedDelaySeconds), schedule.Due);
    }
}
