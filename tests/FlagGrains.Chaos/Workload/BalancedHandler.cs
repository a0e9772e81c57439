using System.Globalization;
using System.Net;
using FlagGrains.Chaos.History;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Chaos.Workload;

/// <summary>
/// The load balancer and the recorder in one: sends each request to a random silo in the rotation (with the public
/// Host a device sends) and writes what it was and what came back into the history. Devices (the mobile SDK, the
/// pollers) and writers all go through one, so every operation is recorded the same way. A caller may describe its
/// request (<see cref="Intent"/>) and reads the recorded outcome back (<see cref="Outcome"/>).
/// </summary>
public sealed class BalancedHandler : DelegatingHandler
{
    public const string PublicHost = "flags.chaos.invalid";

    public static readonly Uri PublicBase = new($"http://{PublicHost}/");

    /// <summary>What the caller means by the request (kind, values written, If-Match read from); else it is classified.</summary>
    public static readonly HttpRequestOptionsKey<HistoryRecord> Intent = new("chaos.intent");

    /// <summary>The record written for the request.</summary>
    public static readonly HttpRequestOptionsKey<HistoryRecord> Outcome = new("chaos.outcome");

    private readonly Rotation _rotation;
    private readonly HistoryLog _history;
    private readonly string _actor;
    private readonly Random _random;

    public BalancedHandler(Rotation rotation, HistoryLog history, string actor, int seed)
        : base(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        })
    {
        _rotation = rotation;
        _history = history;
        _actor = actor;
        _random = new Random(seed);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var intent = (request.Options.TryGetValue(Intent, out var described) ? described : Classify(request)) with { Actor = _actor };
        var t0 = _history.Now;
        if (_rotation.Pick(_random) is not { } silo)
        {
            Record(request, intent with { T0 = t0, T1 = _history.Now, Status = 0, Detail = "no silo in the rotation" });
            throw new HttpRequestException("No silo is in the rotation.");
        }

        intent = intent with { Silo = silo.Label, T0 = t0 };
        request.RequestUri = new Uri(silo.BaseAddress, request.RequestUri!.PathAndQuery);
        request.Headers.Host = PublicHost;
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
            if (intent.Kind == OpKinds.Stream && response.StatusCode == HttpStatusCode.OK)
            {
                Tap(response, intent with { T1 = _history.Now, Status = 200 });
                return response;
            }

            // Everything but a stream is read whole here (the SDK reads it whole too), so the record says what it held.
            await response.Content.LoadIntoBufferAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            Record(request, intent with { T1 = _history.Now, Status = 0, Detail = $"{ex.GetType().Name}: {ex.Message}" });
            throw;
        }

        var t1 = _history.Now;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Record(request, Answers.Describe(intent with { T1 = t1, Status = (int)response.StatusCode }, response, body));
        return response;
    }

    /// <summary>Requests the SDK and the pollers make, recognised by their path.</summary>
    private static HistoryRecord Classify(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path.EndsWith("/ofrep/v1/event-stream", StringComparison.Ordinal))
            return new HistoryRecord { Type = RecordTypes.Op, Kind = OpKinds.Stream, Detail = LastEventId(request) };
        if (path.EndsWith("/ofrep/v1/evaluate/flags", StringComparison.Ordinal))
            return new HistoryRecord { Type = RecordTypes.Op, Kind = OpKinds.Bulk, Hint = HintOf(request.RequestUri), Guard = GuardOf(request) };
        return new HistoryRecord { Type = RecordTypes.Op, Kind = path.Contains("/ofrep/v1/evaluate/flags/", StringComparison.Ordinal) ? OpKinds.Flag : "other" };
    }

    /// <summary>The version of <c>flagConfigEtag="v{n}"</c>, the re-fetch hint a notification gave.</summary>
    private static long? HintOf(Uri uri)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length == 2 && parts[0] == "flagConfigEtag" && Uri.UnescapeDataString(parts[1]) is ['"', 'v', .. var digits, '"']
                && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                return version;
        }

        return null;
    }

    private static long? GuardOf(HttpRequestMessage request)
    {
        if (!request.Headers.TryGetValues("If-None-Match", out var values)) return null;
        try
        {
            return EntityTagVersion.OfBulk(values.First());
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? LastEventId(HttpRequestMessage request) =>
        request.Headers.TryGetValues("Last-Event-ID", out var values) ? $"Last-Event-ID {values.First()}" : null;

    private void Record(HttpRequestMessage request, HistoryRecord record) => request.Options.Set(Outcome, _history.Add(record));

    /// <summary>
    /// Lets the stream through to its reader while noting each event's id (its version) as it passes; the stream's own
    /// record is written when it ends, with its events already pointing at its id.
    /// </summary>
    private void Tap(HttpResponseMessage response, HistoryRecord stream)
    {
        stream = stream with { Id = _history.NextId() };
        var ended = 0;
        void End(string reason)
        {
            if (Interlocked.Exchange(ref ended, 1) == 0) _history.Add(stream with { Closed = _history.Now, Detail = Join(stream.Detail, reason) });
        }

        void Received(long version) => _history.Add(new HistoryRecord
        {
            Type = RecordTypes.Event, Actor = _actor, Silo = stream.Silo, Stream = stream.Id, T0 = _history.Now, Version = version,
        });

        response.Content = new TappedContent(response.Content, inner => new EventTapStream(inner, Received, End), () => End("closed by the client"));
    }

    private static string Join(string? first, string second) => first is null ? second : $"{first}; {second}";
}
