using FlagGrains.Grains.Webhooks;
using FlagGrains.Testing;

namespace FlagGrains.Grains.Tests.Webhooks;

public sealed class RetryScheduleTests
{
    private static readonly WebhookOptions Defaults = new();

    [Fact]
    public void Delays_double_from_the_first_retry_delay_up_to_the_cap_with_a_bounded_spread()
    {
        var clock = new ManualClock();
        var start = clock.GetUtcNow();
        var delays = new List<TimeSpan>();
        for (var failures = 1; failures <= 12; failures++)
        {
            var next = RetrySchedule.NextAttempt(Defaults, failures, start, clock.GetUtcNow(), "dlv_a")!.Value;
            delays.Add(next - clock.GetUtcNow());
            clock.Advance(next - clock.GetUtcNow());
        }

        for (var i = 0; i < delays.Count; i++)
        {
            var nominal = TimeSpan.FromTicks(Math.Min(Defaults.MaxRetryDelay.Ticks, Defaults.FirstRetryDelay.Ticks << i));
            Assert.InRange(delays[i], nominal * 0.8, nominal * 1.2);
        }

        Assert.InRange(delays[0], TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(12));
        Assert.True(delays[^1] > TimeSpan.FromMinutes(45), $"capped delay was {delays[^1]}");
    }

    [Fact]
    public void Retries_stop_after_24_hours_and_the_delivery_is_then_failed()
    {
        var clock = new ManualClock();
        var start = clock.GetUtcNow();
        var attempts = 1;
        while (RetrySchedule.NextAttempt(Defaults, attempts, start, clock.GetUtcNow(), "dlv_b") is { } next)
        {
            Assert.True(next <= start + TimeSpan.FromHours(24));
            clock.Advance(next - clock.GetUtcNow());
            attempts++;
        }

        // 10 s doubling to the 1 h cap takes ~9 attempts and ~2.8 h; the rest of the day is ~21 hourly attempts.
        Assert.InRange(attempts, 25, 40);
        Assert.InRange(clock.GetUtcNow() - start, TimeSpan.FromHours(22), TimeSpan.FromHours(24));
    }

    [Fact]
    public void A_re_sent_delivery_gets_a_new_window_and_the_schedule_is_reproducible()
    {
        var clock = new ManualClock();
        var start = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromHours(30));

        Assert.Null(RetrySchedule.NextAttempt(Defaults, 3, start, clock.GetUtcNow(), "dlv_c"));
        Assert.NotNull(RetrySchedule.NextAttempt(Defaults, 3, clock.GetUtcNow(), clock.GetUtcNow(), "dlv_c"));
        Assert.Equal(
            RetrySchedule.NextAttempt(Defaults, 4, start, start, "dlv_c"),
            RetrySchedule.NextAttempt(Defaults, 4, start, start, "dlv_c"));
        Assert.NotEqual(RetrySchedule.Spread("dlv_c", 4), RetrySchedule.Spread("dlv_d", 4));
    }
}
