using FlagGrains.Mobile.Evaluation;
using FlagGrains.Mobile.Events;
using FlagGrains.Mobile.Storage;
using FlagGrains.Mobile.Sync;
using FlagGrains.Mobile.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlagGrains.Mobile;

/// <summary>
/// Feature flags for one app: getters answer at once from memory (never throw, never block, never touch the
/// network), while background loops keep the values current from the server and on disk. Thread-safe.
/// </summary>
public sealed partial class FlagGrainsClient : IDisposable, IAsyncDisposable
{
    private readonly SyncEngine _engine;
    private readonly FlagPublisher _publisher;

    /// <summary>
    /// Starts at once in the background: loads the device id and cached values, then fetches. The constructor does no
    /// I/O; until the cache is loaded the getters return bootstrap values or code defaults.
    /// </summary>
    public FlagGrainsClient(FlagGrainsClientOptions options, EvaluationContext? context = null)
    {
        if (options is null) throw new ArgumentNullException(nameof(options));
        if (options.BaseUrl is null || !options.BaseUrl.IsAbsoluteUri) throw new ArgumentException("BaseUrl must be an absolute URL.", nameof(options));
        if (string.IsNullOrWhiteSpace(options.ClientKey)) throw new ArgumentException("ClientKey is required.", nameof(options));
        if (options.PollInterval < TimeSpan.Zero || options.RequestTimeout <= TimeSpan.Zero || options.StreamReadTimeout <= TimeSpan.Zero)
            throw new ArgumentException("PollInterval must not be negative; RequestTimeout and StreamReadTimeout must be positive.", nameof(options));

        var logger = options.Logger ?? NullLogger.Instance;
        var random = options.Random ?? SharedRandom.Next;
        var settings = new SyncSettings(
            ClientKey.EnvironmentOf(options.ClientKey!),
            options.Store ?? FileFlagStore.ForCurrentUser(),
            options.Bootstrap is { } values ? BootstrapValues.ToFlagSet(values) : null,
            options.EnableStreaming,
            options.PollInterval,
            options.InactivityDelay,
            options.StreamReadTimeout,
            options.TimeProvider,
            random,
            options.NewDeviceId ?? Guid.NewGuid);
        _publisher = new FlagPublisher(this, options.EventContext, logger);
        if (settings.Bootstrap is { } bootstrap) _publisher.Publish(bootstrap);

        var transport = new OfrepTransport(options.BaseUrl, options.ClientKey!, options.HttpHandler, options.TimeProvider, options.RequestTimeout);
        _engine = new SyncEngine(settings, transport, _publisher, context ?? EvaluationContext.Anonymous, logger);
        _engine.Start();
    }

    /// <summary>A flag's value, variant or reason changed (once per flag per update).</summary>
    public event EventHandler<FlagChangedEventArgs>? FlagChanged
    {
        add => _publisher.FlagChanged += value;
        remove => _publisher.FlagChanged -= value;
    }

    /// <summary>One update changed these flags.</summary>
    public event EventHandler<FlagsChangedEventArgs>? FlagsChanged
    {
        add => _publisher.FlagsChanged += value;
        remove => _publisher.FlagsChanged -= value;
    }

    public event EventHandler<StatusChangedEventArgs>? StatusChanged
    {
        add => _publisher.StatusChanged += value;
        remove => _publisher.StatusChanged -= value;
    }

    public FlagStatus Status => _publisher.Status;

    /// <summary>The context as the app set it (without the device id filled in).</summary>
    public EvaluationContext Context => _engine.Context;

    /// <summary>The persisted device id (the targeting key of anonymous users); null until loaded.</summary>
    public string? DeviceId => _engine.DeviceId;

    /// <summary>Keys of the flags currently known.</summary>
    public IReadOnlyCollection<string> FlagKeys => [.. _publisher.Current.Flags.Keys];

    /// <summary>Completes when the status is Ready, Fatal or Closed; for splash screens that wait (with a timeout) for fresh values.</summary>
    public Task<FlagStatus> WaitUntilReadyAsync(CancellationToken cancellationToken = default) => _publisher.WhenSettledAsync(cancellationToken);

    /// <summary>
    /// Switches user or attributes. The current values stay until the new ones arrive (no flicker); the task completes
    /// after the first attempt for the new context, successful or not (see <see cref="Status"/>).
    /// </summary>
    public Task SetContextAsync(EvaluationContext context, CancellationToken cancellationToken = default) =>
        _engine.SetContextAsync(context ?? throw new ArgumentNullException(nameof(context)), cancellationToken);

    /// <summary>Tell the client when the app moves between foreground and background (streams and polls only run in the foreground).</summary>
    public void SetForeground(bool inForeground) => _engine.SetForeground(inForeground);

    /// <summary>Asks for a fresh evaluation now (e.g. pull to refresh); coalesced with any pending one.</summary>
    public void Refresh() => _engine.RequestFetch();

    /// <summary>Completes once cached or bootstrap values are loaded; mostly for tests.</summary>
    internal Task Loaded => _engine.Loaded;

    /// <summary>The background loops; they end only on dispose or a refused key.</summary>
    internal Task Loops => _engine.Loops;

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    /// <summary>Stops the loops without waiting for them; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => _ = _engine.DisposeAsync().AsTask();
}
