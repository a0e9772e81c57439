namespace FlagGrains.Grains.Tests.TestSupport;

/// <summary>
/// Drops version bumps on their way to gateways of muted environments, as a lost or stalled delivery would: the
/// stream's deliveries, and with <see cref="Mute"/> also the writer's direct notifications, so tests can prove what
/// each path (and the periodic version check alone) brings. Counts the direct notifications that got through.
/// </summary>
public sealed class BumpMuter : IIncomingGrainCallFilter
{
    private static readonly Dictionary<string, bool> Muted = [];
    private static readonly Dictionary<string, int> Notified = [];

    /// <summary>Every bump of the environment is dropped: only the version check can bring a new version.</summary>
    public static void Mute(string environmentKey)
    {
        lock (Muted) Muted[environmentKey] = true;
    }

    /// <summary>Only the stream's deliveries are dropped; the writer's direct notifications get through.</summary>
    public static void MuteStream(string environmentKey)
    {
        lock (Muted) Muted[environmentKey] = false;
    }

    /// <summary>Direct notifications that reached a gateway of the environment.</summary>
    public static int NotificationsOf(string environmentKey)
    {
        lock (Muted) return Notified.GetValueOrDefault(environmentKey);
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var stream = context.InterfaceName.Contains("StreamConsumerExtension", StringComparison.Ordinal);
        var direct = context.InterfaceName.Contains("IGatewayGrain", StringComparison.Ordinal) && context.MethodName == "NotifyAsync";
        if (!stream && !direct) return context.Invoke();

        var key = context.TargetId.Key.ToString()!;
        var environment = key[(key.LastIndexOf('|') + 1)..];
        lock (Muted)
        {
            if (Muted.TryGetValue(environment, out var all) && (stream || all)) throw new TimeoutException("Delivery dropped by the test.");
            if (direct) Notified[environment] = Notified.GetValueOrDefault(environment) + 1;
        }

        return context.Invoke();
    }
}
