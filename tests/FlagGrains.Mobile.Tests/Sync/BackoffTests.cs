using FlagGrains.Mobile.Sync;

namespace FlagGrains.Mobile.Tests.Sync;

public sealed class BackoffTests
{
    [Fact]
    public void Delays_double_from_one_second_to_thirty()
    {
        var backoff = new Backoff(() => 0);

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void Jitter_takes_off_up_to_half()
    {
        var low = new Backoff(() => 0.999_999);
        var mid = new Backoff(() => 0.5);

        Assert.InRange(low.Next().TotalSeconds, 0.5, 0.501);
        Assert.Equal(0.75, mid.Next().TotalSeconds);
    }

    [Fact]
    public void Reset_starts_again_from_one_second()
    {
        var backoff = new Backoff(() => 0);
        backoff.Next();
        backoff.Next();

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next());
    }
}
