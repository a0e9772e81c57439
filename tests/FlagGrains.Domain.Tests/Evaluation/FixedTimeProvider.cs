namespace FlagGrains.Domain.Tests.Evaluation;

/// <summary>A clock stopped at a chosen instant, for <c>$flagd.timestamp</c> rules.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
