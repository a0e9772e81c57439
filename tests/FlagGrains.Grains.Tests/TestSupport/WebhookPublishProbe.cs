using FlagGrains.Contracts.Webhooks;

namespace FlagGrains.Grains.Tests.TestSupport;

/// <summary>
/// Watches the webhook registry's <c>PublishAsync</c>: records the events that reached it, and refuses (as an
/// unreachable registry would) every publish carrying an event of a chosen actor, so tests sharing the cluster never
/// see each other's faults.
/// </summary>
public sealed class WebhookPublishProbe : IIncomingGrainCallFilter
{
    private static readonly List<WebhookEvent> Published = [];
    private static readonly HashSet<string> Refused = new(StringComparer.Ordinal);

    /// <summary>Publishes carrying an event by <paramref name="actorId"/> fail until the returned scope ends.</summary>
    public static IDisposable Refuse(string actorId)
    {
        lock (Published) Refused.Add(actorId);
        return new Scope(actorId);
    }

    /// <summary>Events by <paramref name="actorId"/> the registry has received.</summary>
    public static IReadOnlyList<WebhookEvent> PublishedBy(string actorId)
    {
        lock (Published) return Published.Where(e => e.ActorId == actorId).ToList();
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (!context.InterfaceName.Contains("IWebhookRegistryGrain", StringComparison.Ordinal) || context.MethodName != "PublishAsync")
            return context.Invoke();

        var events = (IReadOnlyList<WebhookEvent>)context.Request.GetArgument(0)!;
        lock (Published)
        {
            if (events.Any(e => Refused.Contains(e.ActorId))) throw new TimeoutException("Webhook registry unreachable (injected).");
            Published.AddRange(events);
        }

        return context.Invoke();
    }

    private sealed class Scope(string actorId) : IDisposable
    {
        public void Dispose()
        {
            lock (Published) Refused.Remove(actorId);
        }
    }
}
