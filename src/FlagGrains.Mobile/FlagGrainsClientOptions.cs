using FlagGrains.Mobile.Storage;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Mobile;

/// <summary>How a <see cref="FlagGrainsClient"/> reaches the service and where it keeps its cache.</summary>
public sealed class FlagGrainsClientOptions
{
    /// <summary>Where the service is, e.g. <c>https://flags.example.com</c>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>A client key (<c>fgc.…</c>). Client keys are public by nature; never ship a server key in an app.</summary>
    public string? ClientKey { get; set; }

    /// <summary>Persistent storage; defaults to <see cref="FileFlagStore.ForCurrentUser"/>. Pass the app's data folder on MAUI and Unity.</summary>
    public IFlagStore? Store { get; set; }

    /// <summary>
    /// Values for a first launch without network and without cache: <c>bool</c>, <c>string</c>, numbers or
    /// <c>JsonElement</c> per flag key.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? Bootstrap { get; set; }

    /// <summary>Listen for changes on the server's event stream while in the foreground (default on).</summary>
    public bool EnableStreaming { get; set; } = true;

    /// <summary>
    /// How often to poll while no stream is connected (server offers none, stream down). Zero turns polling off.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Closes the stream this long after <see cref="FlagGrainsClient.SetForeground"/>(false); default: what the server advertises (else 120 s).</summary>
    public TimeSpan? InactivityDelay { get; set; }

    /// <summary>Budget of one request (bulk evaluation, or the headers of a stream).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A stream with no traffic for this long is presumed dead (mobile networks leave half-open connections); the
    /// server sends a heartbeat every 15 s.
    /// </summary>
    public TimeSpan StreamReadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Raises events on this context (e.g. the UI thread's); null raises them on a background thread.</summary>
    public SynchronizationContext? EventContext { get; set; }

    public ILogger? Logger { get; set; }

    /// <summary>For custom TLS or tests. The client does not dispose it.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Time source of every delay, timeout and backoff; tests substitute a manual clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Source of backoff jitter, in [0, 1); tests make it deterministic.</summary>
    public Func<double>? Random { get; set; }

    /// <summary>Creates device ids; tests make it deterministic.</summary>
    public Func<Guid>? NewDeviceId { get; set; }
}
