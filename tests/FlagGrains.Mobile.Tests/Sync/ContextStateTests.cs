using FlagGrains.Mobile.Sync;

namespace FlagGrains.Mobile.Tests.Sync;

public sealed class ContextStateTests
{
    [Fact]
    public void A_switch_completes_when_its_generation_or_a_later_one_is_answered()
    {
        var state = new ContextState(EvaluationContext.Anonymous);
        var first = state.Set(EvaluationContext.For("alice").Build())!;
        var second = state.Set(EvaluationContext.For("bob").Build())!;
        var third = state.Set(EvaluationContext.For("carol").Build())!;

        state.Answered(2);

        Assert.True(first.IsCompleted);
        Assert.True(second.IsCompleted);
        Assert.False(third.IsCompleted);
        Assert.Equal(("carol", 3), (state.Context.TargetingKey, state.Generation));
    }

    [Fact]
    public void Once_stopped_every_waiter_completes_and_the_context_no_longer_changes()
    {
        var state = new ContextState(EvaluationContext.For("alice").Build());
        var pending = state.Set(EvaluationContext.For("bob").Build())!;

        state.Stop();

        Assert.True(pending.IsCompleted);
        Assert.Null(state.Set(EvaluationContext.For("carol").Build()));
        Assert.Equal("bob", state.Context.TargetingKey);
    }

    [Fact]
    public void The_device_id_is_the_targeting_key_of_anonymous_contexts_only()
    {
        var state = new ContextState(EvaluationContext.Anonymous);
        var beforeLoad = state.Request().Context.TargetingKey;
        state.SetDeviceId("device-1");
        var anonymous = state.Request();
        var asTheAppSetIt = state.Context.TargetingKey;
        state.Set(EvaluationContext.For("alice").Build());

        Assert.Null(beforeLoad);
        Assert.Equal("device-1", anonymous.Context.TargetingKey);
        Assert.Null(asTheAppSetIt);
        Assert.Equal("alice", state.Request().Context.TargetingKey);
    }

    [Fact]
    public void Equal_contexts_have_equal_fingerprints_and_different_ones_differ()
    {
        var one = new ContextState(EvaluationContext.For("alice").With("plan", "pro").With("age", 42).Build()).Request();
        var same = new ContextState(EvaluationContext.For("alice").With("age", 42).With("plan", "pro").Build()).Request();
        var other = new ContextState(EvaluationContext.For("alice").With("plan", "free").Build()).Request();

        Assert.Equal(one.Fingerprint, same.Fingerprint);
        Assert.NotEqual(one.Fingerprint, other.Fingerprint);
        Assert.Equal(32, one.Fingerprint.Length);
    }
}
