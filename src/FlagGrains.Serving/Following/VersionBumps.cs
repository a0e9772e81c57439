using FlagGrains.Contracts;
using FlagGrains.Contracts.Environments;
using Orleans.Streams;

namespace FlagGrains.Serving.Following;

/// <summary>The version-bump stream of an environment, as gateways and Orleans clients subscribe to it.</summary>
public static class VersionBumps
{
    public static IAsyncStream<VersionBump> Of(IStreamProvider streams, string environmentKey) =>
        streams.GetStream<VersionBump>(StreamId.Create(ProviderNames.VersionBumpNamespace, environmentKey));

    /// <summary>
    /// Resumes this observer's subscription (subscriptions are durable and outlive activations) or makes one, and
    /// drops duplicates a crash between subscribe and store may have left.
    /// </summary>
    public static async Task<StreamSubscriptionHandle<VersionBump>> ResumeOrSubscribeAsync(IAsyncStream<VersionBump> stream, IAsyncObserver<VersionBump> observer)
    {
        var handles = await stream.GetAllSubscriptionHandles();
        if (handles.Count == 0) return await stream.SubscribeAsync(observer);

        var resumed = await handles[0].ResumeAsync(observer);
        foreach (var extra in handles.Skip(1)) await extra.UnsubscribeAsync();
        return resumed;
    }

    /// <summary>Drops every subscription of the stream this caller holds (a gateway retiring, a dead silo's orphan).</summary>
    public static async Task UnsubscribeAllAsync(IAsyncStream<VersionBump> stream)
    {
        foreach (var handle in await stream.GetAllSubscriptionHandles()) await handle.UnsubscribeAsync();
    }
}
