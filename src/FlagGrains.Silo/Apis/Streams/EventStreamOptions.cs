namespace FlagGrains.Silo.Apis.Streams;

/// <summary>Bound from <c>FlagGrains:EventStreams</c>: OFREP change notifications over server-sent events.</summary>
public sealed class EventStreamOptions
{
    public const string Section = "FlagGrains:EventStreams";

    /// <summary>When false, bulk responses advertise no stream and clients fall back to polling.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Origin (and optional path prefix) devices reach this service at, e.g. <c>https://flags.example.com</c>. When
    /// absent, the advertised URL uses the origin of the bulk request itself.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Stream credentials are issued per window of this length and stay valid until the end of the next window, so a
    /// credential lives between one and two lifetimes. Only a connect checks it; an open stream is not cut at expiry.
    /// </summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Base64 signing secret (at least 32 bytes) shared by every silo. When absent, the cluster generates one once and
    /// keeps it in grain storage.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Comment lines on idle streams, so proxies and load balancers do not time the connection out.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often the silo looks for streams whose client went away and ends them (freeing their slot under the caps).
    /// One check of every stream per interval costs less than a cancellation registration kept per open stream.
    /// </summary>
    public TimeSpan AbandonedCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The <c>retry:</c> hint: how long an EventSource waits before reconnecting a dropped stream.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Advertised <c>inactivityDelaySec</c>: a backgrounded client closes its stream after this long.</summary>
    public TimeSpan InactivityDelay { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Re-fetch rate a change may cause per environment per silo. Notifications of one change are spread over
    /// <c>connections / RefetchesPerSecond</c> (capped by <see cref="MaxFanOutSpread"/>) in random order.
    /// </summary>
    public int RefetchesPerSecond { get; set; } = 50_000;

    /// <summary>Upper bound of that spread: the longest a connected device waits for a notification.</summary>
    public TimeSpan MaxFanOutSpread { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Open streams one silo accepts; beyond that a connect gets 503 and the client polls.</summary>
    public int MaxConnections { get; set; } = 100_000;

    /// <summary>
    /// Open streams one client address may hold on one silo (0: no cap); beyond, 429 and the client polls. Generous,
    /// because carrier NAT puts many devices behind one address; it stops one machine from taking the silo's streams.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 2_000;

    /// <summary>
    /// Open streams of one key on one silo (0: no cap). A client key is shared by every install of an app, so this
    /// bounds what one app (or one leaked key) can hold, not what one device can.
    /// </summary>
    public int MaxConnectionsPerKey { get; set; } = 50_000;

    /// <summary>
    /// How long a stream-triggered re-fetch may wait for this silo to catch up with the version the notification
    /// announced (the notifying silo can be ahead by a few milliseconds).
    /// </summary>
    public TimeSpan RefetchWaitLimit { get; set; } = TimeSpan.FromSeconds(3);
}
