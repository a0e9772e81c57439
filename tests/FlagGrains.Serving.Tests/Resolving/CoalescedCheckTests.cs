using FlagGrains.Serving.Resolving;
using FlagGrains.Testing;

namespace FlagGrains.Serving.Tests.Resolving;

public sealed class CoalescedCheckTests
{
    private readonly ManualClock _clock = new();
    private readonly TimeSpan _interval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Many_callers_at_once_share_one_check()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checks = 0;
        var check = new CoalescedCheck(async _ => { Interlocked.Increment(ref checks); await gate.Task; }, _interval, _clock);

        var first = check.RunAsync();
        await WaitForAsync(() => Volatile.Read(ref checks) == 1);
        var waiting = Enumerable.Range(0, 1_000).Select(_ => check.RunAsync()).ToList();
        gate.SetResult();
        await first;
        await _clock.WaitUntilScheduledAsync(due => due.Count > 0, "the next check, an interval after the first");
        _clock.Advance(_interval);
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));

        // The first check had started before the others arrived, so they needed one more: two in all, not 1,001.
        Assert.Equal(2, checks);
    }

    [Fact]
    public async Task A_caller_is_answered_only_by_a_check_that_started_after_it_arrived()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checks = 0;
        var check = new CoalescedCheck(async _ => { Interlocked.Increment(ref checks); await gate.Task; }, _interval, _clock);

        var first = check.RunAsync();
        await WaitForAsync(() => Volatile.Read(ref checks) == 1);
        var late = check.RunAsync();
        gate.SetResult();
        await first;

        Assert.False(late.IsCompleted);
        await _clock.WaitUntilScheduledAsync(due => due.Count > 0, "the late caller's check");
        _clock.Advance(_interval);
        await late.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, checks);
    }

    [Fact]
    public async Task Checks_start_at_most_once_per_interval()
    {
        var started = new List<DateTimeOffset>();
        var check = new CoalescedCheck(_ => { lock (started) started.Add(_clock.GetUtcNow()); return Task.CompletedTask; }, _interval, _clock);

        for (var i = 0; i < 5; i++)
        {
            var run = check.RunAsync();
            if (!run.IsCompleted && i > 0)
            {
                await _clock.WaitUntilScheduledAsync(due => due.Count > 0, "the next check");
                _clock.Advance(_interval);
            }

            await run.WaitAsync(TimeSpan.FromSeconds(10));
            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(5, started.Count);
        Assert.All(started.Zip(started.Skip(1)), pair => Assert.True(pair.Second - pair.First >= _interval));
    }

    [Fact]
    public async Task A_failed_check_fails_its_callers_and_the_next_caller_tries_again()
    {
        var calls = 0;
        var check = new CoalescedCheck(_ => ++calls == 1 ? Task.FromException(new TimeoutException()) : Task.CompletedTask, _interval, _clock);

        await Assert.ThrowsAsync<TimeoutException>(() => check.RunAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        var retry = check.RunAsync();
        await _clock.WaitUntilScheduledAsync(due => due.Count > 0, "the retry");
        _clock.Advance(_interval);
        await retry.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_wait_shorter_than_a_millisecond_leaves_no_finished_check_answering_later_callers()
    {
        var checks = 0;
        var check = new CoalescedCheck(_ => { Interlocked.Increment(ref checks); return Task.CompletedTask; }, _interval, _clock);
        await check.RunAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // Half a millisecond of the interval left: Task.Delay rounds that to zero and completes at once, so the
        // check ran inside the caller's RunAsync. That once left the finished check as the "next" one for good: every
        // later caller was answered by it, and a silo's catalog copy stopped refreshing (new environments got 401).
        _clock.Advance(_interval - TimeSpan.FromTicks(5_000));
        await check.RunAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, checks);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await check.RunAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, checks);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1_000 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
