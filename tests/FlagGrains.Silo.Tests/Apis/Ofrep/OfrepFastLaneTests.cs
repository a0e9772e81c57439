using FlagGrains.Silo.Apis.Ofrep;
using Xunit;

namespace FlagGrains.Silo.Tests.Apis.Ofrep;

/// <summary>Which paths the fast lane answers; every other shape is left to routing, which answers it as before.</summary>
public sealed class OfrepFastLaneTests
{
    [Theory]
    [InlineData("/ofrep/v1/evaluate/flags", null)]
    [InlineData("/OFREP/v1/Evaluate/Flags", null)]
    [InlineData("/ofrep/v1/evaluate/flags/dark-mode", "dark-mode")]
    [InlineData("/ofrep/v1/evaluate/flags/Dark.Mode_2", "Dark.Mode_2")]
    public void Evaluation_paths_are_matched(string path, string? flagKey)
    {
        Assert.True(OfrepFastLane.TryMatch(path, out var matched));
        Assert.Equal(flagKey, matched);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("/ofrep/v1/evaluate/flags/")]
    [InlineData("/ofrep/v1/evaluate/flags/a/b")]
    [InlineData("/ofrep/v1/evaluate/flags/a/")]
    [InlineData("/ofrep/v1/evaluate/flagsx")]
    [InlineData("/ofrep/v1/evaluate")]
    [InlineData("/ofrep/v1/event-stream")]
    [InlineData("/v1/flags")]
    public void Anything_else_is_left_to_routing(string? path) => Assert.False(OfrepFastLane.TryMatch(path, out _));
}
