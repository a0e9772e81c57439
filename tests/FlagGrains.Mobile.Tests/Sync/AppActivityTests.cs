using FlagGrains.Mobile.Sync;
using FlagGrains.Testing;

namespace FlagGrains.Mobile.Tests.Sync;

public sealed class AppActivityTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);

    [Fact]
    public void Backgrounded_for_the_whole_delay_the_app_becomes_inactive_and_resume_says_so_once()
    {
        var clock = new ManualClock();
        var activity = new AppActivity(clock);
        var elapsed = new List<int>();

        activity.Background(Delay, elapsed.Add);
        clock.Advance(Delay - TimeSpan.FromTicks(1));
        var early = elapsed.Count;
        clock.Advance(TimeSpan.FromTicks(1));
        var becameInactive = activity.Elapsed(Assert.Single(elapsed));

        Assert.Equal(0, early);
        Assert.True(becameInactive);
        Assert.False(activity.Active);
        Assert.True(activity.Resume());
        Assert.True(activity.Active);
        Assert.False(activity.Resume());
    }

    [Fact]
    public void A_short_trip_to_the_background_leaves_no_timer_and_its_late_callback_changes_nothing()
    {
        var clock = new ManualClock();
        var activity = new AppActivity(clock);
        var elapsed = new List<int>();

        activity.Background(Delay, elapsed.Add);
        activity.Resume();
        var afterResume = clock.Scheduled.Count;
        activity.Background(Delay, elapsed.Add);

        Assert.Empty(elapsed);
        Assert.Equal(0, afterResume);
        Assert.False(activity.Elapsed(1));
        Assert.True(activity.Elapsed(2));
    }

    [Fact]
    public void Stopping_cancels_the_inactivity_timer()
    {
        var clock = new ManualClock();
        var activity = new AppActivity(clock);
        activity.Background(Delay, _ => { });

        activity.Stop();

        Assert.Empty(clock.Scheduled);
    }
}
