namespace FlagGrains.Grains.Tests.TestSupport;

/// <summary>
/// Drops version bumps on their way to gateways of muted environments, as a lost or stalled delivery would: the
/// stream's deliveries, the writer's direct notifications, or both, so tests can prove what each path (and the periodic
/// version check alone) brings. Counts the deliveries of each kind that got through.
/// </summary>
public sealed class BumpMuter : IIncomingGrainCallFilter
{
    private static readonly Dictionary<string, Paths> Muted = [];
    private static readonly Dictionary<string, int> Notified = [];
    private static readonly Dictionary<string, int> Streamed = [];

    [Flags]
    private enum Paths
    {
        Stream = 1,
        Direct = 2,
    }

    /// <summary>Every bump of the environment is dropped: only the version check can bring a new version.</summary>
    public static void Mute(string environmentKey) => Set(environmentKey, Paths.Stream | Paths.Direct);

    /// <summary>Only the stream's deliveries are dropped; the writer's direct notifications get through.</summary>
    public static void MuteStream(string environmentKey) => Set(environmentKey, Paths.Stream);

    /// <summary>Only the writer's direct notifications are dropped; the stream's deliveries get through.</summary>
    public static void MuteDirect(string environmentKey) => Set(environmentKey, Paths.Direct);

    /// <summary>Direct notifications that reached a gateway of the environment.</summary>
    public static int NotificationsOf(string environmentKey)
    {
        lock (Muted) return Notified.GetValueOrDefault(environmentKey);
    }

    /// <summary>Stream deliveries that reached a gateway of the environment.</summary>
    public static int StreamDeliveriesOf(string environmentKey)
    {
        lock (Muted) return Streamed.GetValueOrDefault(environmentKey);
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var stream = context.InterfaceName.Contains("StreamConsumerExtension", StringComparison.Ordinal);
        var direct = context.InterfaceName.Contains("IGatewayGrain", StringComparison.Ordinal) && context.MethodName == "NotifyAsync";
        if (!stream && !direct) return context.Invoke();

        var key = context.TargetId.Key.ToString()!;
        var environment = key[(key.LastIndexOf('|') + 1)..];
        var path = stream ? Paths.Stream : Paths.Direct;
        lock (Muted)
        {
            if (Muted.TryGetValue(environment, out var muted) && muted.HasFlag(path)) throw new TimeoutException("Delivery dropped by the test.");
            var counts = stream ? Streamed : Notified;
            counts[environment] = counts.GetValueOrDefault(environment) + 1;
        }

        return context.Invoke();
    }

    private static void Set(string environmentKey, Paths paths)
    {
        lock (Muted) Muted[environmentKey] = paths;
    }
}
