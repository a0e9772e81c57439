using FlagGrains.Mobile.Sync;
using FlagGrains.Mobile.Transport;

namespace FlagGrains.Mobile.Tests.Sync;

public sealed class VersionGateTests
{
    private const string Alice = "fingerprint-alice";
    private const string Bob = "fingerprint-bob";

    [Fact]
    public void The_held_etag_revalidates_only_the_context_it_was_answered_for()
    {
        var gate = new VersionGate();
        gate.Hold("\"5-abc\"", Alice);

        Assert.Equal("\"5-abc\"", gate.ETagFor(Alice));
        Assert.Null(gate.ETagFor(Bob));
    }

    [Theory]
    [InlineData("\"5-abc\"")]
    [InlineData("\"6-def\"")]
    [InlineData("W/\"9-def\"")]
    public void An_answer_at_the_held_version_or_newer_is_served(string answered)
    {
        var gate = new VersionGate();
        gate.Hold("\"5-abc\"", Alice);

        Assert.Null(gate.SetAside(Alice, answered, askedWith: null));
    }

    [Fact]
    public void An_older_answer_is_set_aside_and_asked_again_with_the_held_version_as_hint()
    {
        var gate = new VersionGate();
        gate.Hold("\"5-abc\"", Alice);

        Assert.Equal(new RefetchMetadata("\"v5\"", null), gate.SetAside(Alice, "\"4-old\"", askedWith: new RefetchMetadata("\"v9\"", null)));
    }

    [Fact]
    public void An_older_answer_to_the_request_that_named_the_held_version_is_served()
    {
        var gate = new VersionGate();
        gate.Hold("\"5-abc\"", Alice);

        Assert.Null(gate.SetAside(Alice, "\"4-old\"", askedWith: new RefetchMetadata("\"v5\"", null)));
    }

    [Theory]
    [InlineData(Bob, "\"4-old\"")]
    [InlineData(Alice, "\"no-version\"")]
    [InlineData(Alice, null)]
    public void Answers_that_cannot_be_compared_are_served(string fingerprint, string? answered)
    {
        var gate = new VersionGate();
        gate.Hold("\"5-abc\"", Alice);

        Assert.Null(gate.SetAside(fingerprint, answered, askedWith: null));
    }
}
