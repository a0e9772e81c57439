using FlagGrains.Mobile.Storage;

namespace FlagGrains.Mobile.Tests.TestSupport;

/// <summary>Options the SDK tests share: a deterministic jitter and a handler (the recording one in front of the silo, or a fake server).</summary>
public static class ClientFactory
{
    public static FlagGrainsClientOptions Options(Uri baseUrl, string key, HttpMessageHandler handler, IFlagStore? store = null, TimeProvider? clock = null) => new()
    {
        BaseUrl = baseUrl,
        ClientKey = key,
        HttpHandler = handler,
        Store = store ?? new InMemoryFlagStore(),
        TimeProvider = clock ?? TimeProvider.System,
        Random = () => 0.5,
        PollInterval = TimeSpan.FromHours(1),
    };

    /// <summary>
    /// Resolves when FlagChanged announces that <paramref name="flagKey"/> now serves <paramref name="value"/>. Events
    /// of earlier updates may still be on their way when a test subscribes, so any change will not do.
    /// </summary>
    public static Task ChangeToAsync(FlagGrainsClient client, string flagKey, string value)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.FlagChanged += (_, e) =>
        {
            if (e.FlagKey == flagKey && client.GetStringValue(flagKey, "") == value) reached.TrySetResult();
        };
        return reached.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>Resolves when <paramref name="client"/> reports <paramref name="status"/> (or already has it).</summary>
    public static async Task WaitForStatusAsync(FlagGrainsClient client, FlagStatus status)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.StatusChanged += (_, e) =>
        {
            if (e.Status == status) reached.TrySetResult();
        };
        if (client.Status == status) return;
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }
}
