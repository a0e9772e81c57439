namespace FlagGrains.Grains.Tests.TestSupport;

/// <summary>
/// Counts grain calls made while a test marks its code as "hot path". The flag flows with the async context, so
/// calls made by timers or streams at the same time are not counted.
/// </summary>
public sealed class HotPathCallProbe : IOutgoingGrainCallFilter
{
    private static readonly AsyncLocal<bool> Active = new();
    private static int _calls;

    public static int Calls => Volatile.Read(ref _calls);

    public static IDisposable Observe()
    {
        Interlocked.Exchange(ref _calls, 0);
        Active.Value = true;
        return new Scope();
    }

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (Active.Value) Interlocked.Increment(ref _calls);
        return context.Invoke();
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => Active.Value = false;
    }
}
