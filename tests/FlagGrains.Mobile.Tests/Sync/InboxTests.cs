using FlagGrains.Mobile.Sync;
using FlagGrains.Testing;

namespace FlagGrains.Mobile.Tests.Sync;

public sealed class InboxTests
{
    [Fact]
    public async Task A_post_made_before_the_wait_ends_it_at_once_without_arming_a_timer()
    {
        var clock = new ManualClock();
        var inbox = new Inbox(clock);
        var applied = new List<int>();
        inbox.Post(() => applied.Add(1));
        inbox.Post(() => applied.Add(2));

        var woken = await inbox.WaitUntilAsync(clock.GetUtcNow() + TimeSpan.FromMinutes(1), CancellationToken.None);
        var timers = clock.Scheduled.Count;
        inbox.RunPending();

        Assert.True(woken);
        Assert.Equal(0, timers);
        Assert.Equal([1, 2], applied);
    }

    [Fact]
    public async Task A_wait_ends_at_its_due_time_on_the_clients_clock()
    {
        var clock = new ManualClock();
        var inbox = new Inbox(clock);
        var due = clock.GetUtcNow() + TimeSpan.FromSeconds(5);

        var waiting = inbox.WaitUntilAsync(due, CancellationToken.None);
        await clock.WaitUntilScheduledAsync(s => s.Contains(due), "the wait's timer");
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task A_post_ends_a_wait_in_progress()
    {
        var clock = new ManualClock();
        var inbox = new Inbox(clock);
        var due = clock.GetUtcNow() + TimeSpan.FromHours(1);
        var waiting = inbox.WaitUntilAsync(due, CancellationToken.None);
        await clock.WaitUntilScheduledAsync(s => s.Contains(due), "the wait's timer");

        inbox.Post(() => { });

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(15)));
        await clock.WaitUntilScheduledAsync(s => s.Count == 0, "the timer to be dropped");
    }

    [Fact]
    public void Once_closed_the_inbox_drops_what_is_pending_and_what_is_posted_later()
    {
        var inbox = new Inbox(new ManualClock());
        var applied = new List<int>();
        inbox.Post(() => applied.Add(1));

        inbox.Close();
        inbox.Post(() => applied.Add(2));
        inbox.RunPending();

        Assert.Empty(applied);
    }
}
