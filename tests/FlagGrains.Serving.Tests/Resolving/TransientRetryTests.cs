using System.Data.Common;
using FlagGrains.Serving.Resolving;
using Orleans.Runtime;

namespace FlagGrains.Serving.Tests.Resolving;

public sealed class TransientRetryTests
{
    [Fact]
    public async Task A_failure_of_the_cluster_is_tried_again_until_the_attempt_succeeds()
    {
        var attempts = 0;

        await TransientRetry.RunAsync(
            () => ++attempts < 3 ? throw new SiloUnavailableException("evicting (test)") : Task.CompletedTask,
            TimeSpan.FromSeconds(10),
            TimeProvider.System);

        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_failure_that_outlasts_the_limit_is_thrown_after_it()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => TransientRetry.RunAsync(
            () =>
            {
                attempts++;
                throw new TimeoutException("still down (test)");
            },
            TimeSpan.FromMilliseconds(300),
            TimeProvider.System));

        // Pauses of 50, 100 and then 200 ms would pass the limit: two retries, never an unbounded loop.
        Assert.InRange(attempts, 2, 3);
    }

    [Fact]
    public async Task A_bug_is_thrown_at_once()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => TransientRetry.RunAsync(
            () =>
            {
                attempts++;
                throw new InvalidOperationException("a bug (test)");
            },
            TimeSpan.FromSeconds(10),
            TimeProvider.System));

        Assert.Equal(1, attempts);
    }

    [Theory]
    [InlineData(typeof(OrleansException), true)]
    [InlineData(typeof(SiloUnavailableException), true)]
    [InlineData(typeof(TimeoutException), true)]
    [InlineData(typeof(ArgumentException), false)]
    [InlineData(typeof(IOException), false)]
    public void Cluster_and_storage_failures_are_transient_and_others_are_not(Type type, bool transient)
    {
        Assert.Equal(transient, TransientRetry.IsTransient((Exception)Activator.CreateInstance(type)!));
        Assert.Equal(transient, TransientRetry.IsTransient(new AggregateException((Exception)Activator.CreateInstance(type)!)));
    }

    [Fact]
    public void A_database_failure_is_transient()
    {
        Assert.True(TransientRetry.IsTransient(new TestDbException()));
    }

    private sealed class TestDbException() : DbException("connection refused (test)");
}
