using FlagGrains.Domain.Model;
using FlagGrains.Client.Sync;
using FlagGrains.Client.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlagGrains.Client.Tests.Sync;

public sealed class SnapshotFileCacheTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "flaggrains-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_saved_snapshot_loads_back_compiled_at_the_same_version()
    {
        var cache = new SnapshotFileCache(_directory, RuleLimits.Default, NullLogger.Instance);
        cache.Save(Mirrors.Snapshot(4, Flags.Checkout(on: true)));

        var loaded = cache.TryLoad(Mirrors.EnvironmentKey);

        Assert.NotNull(loaded);
        Assert.Equal(4, loaded.Version);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(4), loaded.UpdatedAt);
        Assert.Equal(["new-checkout", "banner-color"], loaded.Flags!.FlagKeys);
    }

    [Fact]
    public void A_newer_snapshot_replaces_the_file()
    {
        var cache = new SnapshotFileCache(_directory, RuleLimits.Default, NullLogger.Instance);
        cache.Save(Mirrors.Snapshot(4, Flags.Checkout(on: true)));
        cache.Save(Mirrors.Snapshot(5, null));

        var loaded = cache.TryLoad(Mirrors.EnvironmentKey);

        Assert.Equal(5, loaded!.Version);
        Assert.Null(loaded.Flags);
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public void The_file_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows()) return; // Unix file modes only; CI runs on Linux.
        var cache = new SnapshotFileCache(_directory, RuleLimits.Default, NullLogger.Instance);
        cache.Save(Mirrors.Snapshot(1, Flags.Checkout(on: true)));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cache.PathOf(Mirrors.EnvironmentKey)));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("""{"Environment":"other/prod","Version":1,"UpdatedAt":"2026-01-01T00:00:00+00:00","Document":null}""")]
    [InlineData("""{"Environment":"shop/prod","Version":1,"UpdatedAt":"2026-01-01T00:00:00+00:00","Document":"{\"flags\":42}"}""")]
    public void An_unusable_file_is_ignored(string content)
    {
        var cache = new SnapshotFileCache(_directory, RuleLimits.Default, NullLogger.Instance);
        Directory.CreateDirectory(_directory);
        File.WriteAllText(cache.PathOf(Mirrors.EnvironmentKey), content);

        Assert.Null(cache.TryLoad(Mirrors.EnvironmentKey));
    }

    [Fact]
    public void No_file_means_no_snapshot()
    {
        Assert.Null(new SnapshotFileCache(_directory, RuleLimits.Default, NullLogger.Instance).TryLoad(Mirrors.EnvironmentKey));
    }
}
