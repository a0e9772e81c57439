namespace FlagGrains.Client.Tests.TestSupport;

/// <summary>
/// Drops every stream delivery to the client it is installed in, as a lost or stalled stream would, so a test can
/// prove the periodic version check alone brings the client up to date.
/// </summary>
public sealed class BumpDropper : IIncomingGrainCallFilter
{
    private readonly TaskCompletionSource _firstDrop = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a delivery was dropped: the bump existed and did not get through.</summary>
    public Task FirstDrop => _firstDrop.Task.WaitAsync(Signals.Patience);

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (!context.InterfaceName.Contains("StreamConsumerExtension", StringComparison.Ordinal)) return context.Invoke();
        _firstDrop.TrySetResult();
        throw new TimeoutException("Delivery dropped by the test.");
    }
}
