using FlagGrains.Serving.Snapshots;
using FlagGrains.Testing;
using Microsoft.Extensions.Options;

namespace FlagGrains.Serving.Tests.Snapshots;

public sealed class SnapshotRegistryTests
{
    private readonly ManualClock _clock = new();

    private SnapshotRegistry Registry(int maxEnvironments = 10, TimeSpan? idle = null) =>
        new(Options.Create(new ServingOptions { MaxEnvironments = maxEnvironments, IdleTimeout = idle ?? TimeSpan.FromMinutes(30) }), _clock);

    [Fact]
    public void A_snapshot_of_an_environment_never_admitted_is_not_kept()
    {
        var registry = Registry();

        Assert.False(registry.Publish(Snapshots.At("p/unknown", 1)));
        Assert.False(registry.TryGet("p/unknown", out _));
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void Publish_keeps_the_newest_version()
    {
        var registry = Registry();
        registry.Admit("p/e");

        registry.Publish(Snapshots.At("p/e", 3));
        registry.Publish(Snapshots.At("p/e", 2));

        Assert.True(registry.TryGet("p/e", out var held));
        Assert.Equal(3, held.Version);
    }

    [Fact]
    public void Past_its_bound_the_registry_drops_the_least_recently_read_environment()
    {
        var registry = Registry(maxEnvironments: 3);
        foreach (var name in new[] { "p/a", "p/b", "p/c" })
        {
            registry.Admit(name);
            registry.Publish(Snapshots.At(name, 1));
            _clock.Advance(TimeSpan.FromSeconds(5));
        }

        registry.TryGet("p/a", out _); // read last: "p/b" is now the least recently read
        _clock.Advance(TimeSpan.FromSeconds(5));
        registry.Admit("p/d");

        Assert.Equal(3, registry.Count);
        Assert.False(registry.TryGetEntry("p/b", out _));
        Assert.True(registry.TryGetEntry("p/a", out _));
        Assert.False(registry.Publish(Snapshots.At("p/b", 2)));
    }

    [Fact]
    public void An_environment_nobody_reads_stops_being_wanted_and_reads_or_streams_keep_it()
    {
        var registry = Registry(idle: TimeSpan.FromMinutes(10));
        registry.Admit("p/read");
        registry.Admit("p/streamed");
        registry.Admit("p/idle");
        foreach (var name in new[] { "p/read", "p/streamed", "p/idle" }) registry.Publish(Snapshots.At(name, 1));

        for (var minute = 0; minute < 12; minute++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            registry.TryGet("p/read", out _);
            registry.Touch("p/streamed");
        }

        Assert.True(registry.IsWanted("p/read"));
        Assert.True(registry.IsWanted("p/streamed"));
        Assert.False(registry.IsWanted("p/idle"));
        Assert.False(registry.IsWanted("p/never-admitted"));
    }

    [Fact]
    public async Task A_wait_for_a_version_ends_when_it_is_published()
    {
        var registry = Registry();
        registry.Admit("p/e");
        registry.Publish(Snapshots.At("p/e", 1));

        var waiting = registry.WaitForAsync("p/e", s => s.Version >= 2, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        registry.Publish(Snapshots.At("p/e", 2));

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_wait_gives_up_at_its_limit()
    {
        var registry = Registry();
        registry.Admit("p/e");

        var waiting = registry.WaitForAsync("p/e", s => s.Version >= 2, TimeSpan.FromSeconds(3), CancellationToken.None);
        await _clock.WaitUntilScheduledAsync(due => due.Count > 0, "the wait's timeout");
        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
