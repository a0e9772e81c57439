using FlagGrains.Silo.Apis.Streams;

namespace FlagGrains.Silo.Tests.Apis.Streams;

public sealed class WakeSignalTests
{
    [Fact]
    public async Task A_signal_given_before_the_wait_is_kept_for_it()
    {
        var signal = new WakeSignal();
        signal.Signal();

        var wait = signal.WaitAsync();

        Assert.True(wait.IsCompleted);
        await wait;
    }

    [Fact]
    public async Task Many_signals_between_two_waits_collapse_into_one_wake()
    {
        var signal = new WakeSignal();
        signal.Signal();
        signal.Signal();
        signal.Signal();

        Assert.True(signal.WaitAsync().AsTask().IsCompleted);
        var second = signal.WaitAsync().AsTask();
        Assert.False(second.IsCompleted);
        signal.Signal();
        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_signal_wakes_a_parked_waiter_and_the_signal_can_be_waited_on_again()
    {
        var signal = new WakeSignal();
        for (var round = 0; round < 3; round++)
        {
            var wait = signal.WaitAsync().AsTask();
            Assert.False(wait.IsCompleted);

            signal.Signal();

            await wait.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task Signals_racing_with_waits_are_never_lost()
    {
        // Ping-pong between two threads: each signal is answered before the next is given, so the waiter parks again
        // while the next signal is on its way. One lost signal and the exchange stops.
        const int Rounds = 10_000;
        var signal = new WakeSignal();
        using var woken = new SemaphoreSlim(0);
        var waiter = Task.Run(async () =>
        {
            for (var i = 0; i < Rounds; i++)
            {
                await signal.WaitAsync();
                woken.Release();
            }
        });

        for (var i = 0; i < Rounds; i++)
        {
            signal.Signal();
            Assert.True(await woken.WaitAsync(TimeSpan.FromSeconds(10)), $"The signal of round {i} was lost.");
        }

        await waiter.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
