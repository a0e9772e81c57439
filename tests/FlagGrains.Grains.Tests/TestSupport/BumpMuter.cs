namespace FlagGrains.Grains.Tests.TestSupport;

/// <summary>
/// Drops stream deliveries to gateways of muted environments, as a lost or stalled stream would, so tests can
/// prove that the periodic version check alone brings a gateway up to date.
/// </summary>
public sealed class BumpMuter : IIncomingGrainCallFilter
{
    private static readonly HashSet<string> Muted = [];

    public static void Mute(string environmentKey)
    {
        lock (Muted) Muted.Add(environmentKey);
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceName.Contains("StreamConsumerExtension", StringComparison.Ordinal) && IsMuted(context.TargetId.Key.ToString()))
            throw new TimeoutException("Delivery dropped by the test.");
        return context.Invoke();
    }

    private static bool IsMuted(string grainKey)
    {
        lock (Muted) return Muted.Any(environment => grainKey.EndsWith("|" + environment, StringComparison.Ordinal));
    }
}
