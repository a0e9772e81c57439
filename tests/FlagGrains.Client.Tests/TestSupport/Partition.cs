namespace FlagGrains.Client.Tests.TestSupport;

/// <summary>
/// Cuts the client it is installed in off the cluster while <see cref="Active"/>: its calls fail and deliveries to it
/// are dropped, as in a network partition, while the cluster itself keeps running and accepting writes.
/// </summary>
public sealed class Partition : IOutgoingGrainCallFilter, IIncomingGrainCallFilter
{
    private volatile bool _active;

    public bool Active
    {
        get => _active;
        set => _active = value;
    }

    public Task Invoke(IOutgoingGrainCallContext context) =>
        _active ? throw new TimeoutException("Partitioned by the test.") : context.Invoke();

    public Task Invoke(IIncomingGrainCallContext context) =>
        _active ? throw new TimeoutException("Partitioned by the test.") : context.Invoke();
}
