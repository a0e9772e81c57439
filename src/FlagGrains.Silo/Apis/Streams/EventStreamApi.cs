using System.Buffers;
using System.Globalization;
using FlagGrains.Serving.Resolving;
using FlagGrains.Serving.Snapshots;
using FlagGrains.Silo.Apis.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// <c>GET /ofrep/v1/event-stream?token=…</c>: OFREP change notifications (ADR-0008) as server-sent events. The stream
/// carries no flag values; a client re-fetches the bulk evaluation when told the environment changed.
/// </summary>
public static partial class EventStreamApi
{
    private const int RetryAfterSeconds = 5;

    /// <summary>
    /// Describes the endpoint (OpenAPI). Requests reach <see cref="ConnectAsync"/> through the pipeline's own branch
    /// (<see cref="IsEventStream"/>) before routing, so an open stream holds no routing or endpoint state.
    /// </summary>
    public static void MapEventStreamApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet(EventStreamAdvertiser.Path, (Delegate)ConnectAsync).WithTags("OFREP");

    public static bool IsEventStream(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) && http.Request.Path.Equals(EventStreamAdvertiser.Path, StringComparison.OrdinalIgnoreCase);

    /// <summary>The routed endpoint (described for OpenAPI; the pipeline's <see cref="EventStreamGate"/> answers first).</summary>
    public static async Task ConnectAsync(HttpContext http)
    {
        if (await AdmitAsync(http, http.RequestServices) is { } connection)
            await connection.RunAsync(http.Response.BodyWriter, http.RequestAborted, http.RequestServices.GetRequiredService<EventStreamHub>());
    }

    /// <summary>
    /// Authenticates, registers and starts the stream (preamble and first event on their way); null when it was refused
    /// (the answer is written). Services come from <paramref name="services"/>, the application's in the pipeline: a
    /// per-request scope would live as long as the stream.
    /// </summary>
    public static async Task<EventStreamConnection?> AdmitAsync(HttpContext http, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EventStreamOptions>>().Value;
        var hub = services.GetRequiredService<EventStreamHub>();
        var logger = services.GetRequiredService<ILogger<EventStreamHub>>();
        http.Response.Headers.CacheControl = "no-store";

        if (!options.Enabled || services.GetRequiredService<StreamSigningKeys>().Current is not { } signingKey)
        {
            await Unavailable(http, "Event streams are not available on this silo; poll the bulk evaluation instead.");
            return null;
        }

        var token = TokenOf(http.Request);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!StreamCredential.TryVerify(signingKey, token, now, out var claims))
        {
            LogRefused(logger, "invalid or expired credential");
            await Problems.Unauthorized("The stream credential is invalid or expired; re-fetch the bulk evaluation for a current stream URL.").ExecuteAsync(http);
            return null;
        }

        var resolver = services.GetRequiredService<SnapshotResolver>();
        var snapshot = await resolver.ResolveAsync(claims.EnvironmentKey);
        if (snapshot is not null && !snapshot.HasKey(claims.KeyId))
        {
            // The credential is signed, so the key existed when it was issued: a snapshot that does not know it yet
            // may be behind a key created a moment ago on another silo.
            snapshot = await resolver.RecheckAsync(snapshot);
        }

        if (snapshot?.Flags is null || !snapshot.HasKey(claims.KeyId))
        {
            LogRefused(logger, "key revoked");
            await Problems.Unauthorized("The key this stream was issued to is no longer active.").ExecuteAsync(http);
            return null;
        }

        // The snapshot's copies of the environment's name and key id, and the server's own address object: nothing per
        // stream that many streams could share.
        var connection = new EventStreamConnection(snapshot.EnvironmentKey, snapshot.SharedKeyId(claims.KeyId) ?? claims.KeyId, ClientAddress.Of(http));
        switch (hub.TryAdd(connection))
        {
            case StreamAdmission.SiloFull:
                await Unavailable(http, "This silo has no room for another event stream; poll, or reconnect later.");
                return null;
            case StreamAdmission.AddressFull or StreamAdmission.KeyFull:
                LogRefused(logger, "too many streams from one address or key");
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                    "Too many event streams are open for this address or key on this silo; poll the bulk evaluation instead.",
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests").ExecuteAsync(http);
                return null;
        }

        var started = false;
        try
        {
            // Checked against the newest snapshot once registered: a revocation published between the check above
            // and the registration was fanned out before this stream could be closed by it.
            var registry = services.GetRequiredService<SnapshotRegistry>();
            var current = registry.TryGet(claims.EnvironmentKey, out var latest) && latest.Version > snapshot.Version ? latest : snapshot;
            if (current.Flags is null || !current.HasKey(claims.KeyId))
            {
                LogRefused(logger, "key revoked");
                await Problems.Unauthorized("The key this stream was issued to is no longer active.").ExecuteAsync(http);
                return null;
            }

            // The current version goes out with the preamble, in one write: a reconnecting client that has it gets
            // the preamble alone. Later versions reach the stream's loop as notifications.
            var upToDate = LastEventId(http.Request) == current.Version;
            await StartStreamAsync(http, options, upToDate ? default : new Announcement(current.Version, current.UpdatedAt).Frame);
            connection.Acknowledge(current.Version);

            started = true;
            return connection;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away.
            return null;
        }
        finally
        {
            if (!started) hub.Remove(connection);
        }
    }

    private static async Task StartStreamAsync(HttpContext http, EventStreamOptions options, ReadOnlyMemory<byte> firstEvent)
    {
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var start = new ArrayBufferWriter<byte>(64 + firstEvent.Length);
        SseFrames.WritePreamble(start, options.ReconnectDelay);
        start.Write(firstEvent.Span);
        await response.BodyWriter.WriteAsync(start.WrittenMemory, http.RequestAborted);
    }

    /// <summary>
    /// The <c>token</c> parameter (null when absent or given twice), read from the raw query string: <c>Request.Query</c>
    /// would parse it into a collection kept with the request, that is for the stream's life (about 0.3 KB).
    /// </summary>
    private static string? TokenOf(HttpRequest request)
    {
        string? token = null;
        foreach (var parameter in new QueryStringEnumerable(request.QueryString.Value))
        {
            if (!parameter.DecodeName().Span.Equals("token", StringComparison.OrdinalIgnoreCase)) continue;
            if (token is not null) return null;
            token = parameter.DecodeValue().ToString();
        }

        return token;
    }

    /// <summary>The version a reconnecting client last saw; null when absent or not one of ours.</summary>
    private static long? LastEventId(HttpRequest request) =>
        request.Headers["Last-Event-ID"] is { Count: 1 } values
        && long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;

    private static async Task Unavailable(HttpContext http, string detail)
    {
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporarily unavailable").ExecuteAsync(http);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused an event stream: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
