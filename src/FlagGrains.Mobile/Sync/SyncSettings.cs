using FlagGrains.Mobile.Evaluation;
using FlagGrains.Mobile.Storage;

namespace FlagGrains.Mobile.Sync;

/// <summary>The validated, immutable part of the options the sync loops use.</summary>
internal sealed class SyncSettings(
    string environment,
    IFlagStore store,
    FlagSet? bootstrap,
    bool streaming,
    TimeSpan pollInterval,
    TimeSpan? inactivityDelay,
    TimeSpan streamReadTimeout,
    TimeProvider clock,
    Func<double> random,
    Func<Guid> newDeviceId)
{
    /// <summary>OFREP's default when neither the app nor the server says otherwise.</summary>
    public static readonly TimeSpan DefaultInactivityDelay = TimeSpan.FromSeconds(120);

    public string Environment { get; } = environment;

    public IFlagStore Store { get; } = store;

    public FlagSet? Bootstrap { get; } = bootstrap;

    public bool Streaming { get; } = streaming;

    public TimeSpan PollInterval { get; } = pollInterval;

    public TimeSpan? InactivityDelay { get; } = inactivityDelay;

    public TimeSpan StreamReadTimeout { get; } = streamReadTimeout;

    public TimeProvider Clock { get; } = clock;

    public Func<double> Random { get; } = random;

    public Func<Guid> NewDeviceId { get; } = newDeviceId;
}
