using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FlagGrains.Contracts.Webhooks;
using Microsoft.Extensions.Options;

namespace FlagGrains.Grains.Webhooks;

/// <summary>
/// Sends one signed delivery attempt. Connections go only to addresses <see cref="WebhookDestinations"/> allows,
/// checked on the addresses actually connected to (so DNS answers that change after registration cannot reach inside
/// the network); redirects are not followed and no proxy is used, for the same reason.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    private readonly HttpClient _http;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _timeout;

    public WebhookSender(WebhookDestinations destinations, IOptions<WebhookOptions> options, TimeProvider clock)
    {
        _clock = clock;
        _timeout = options.Value.AttemptTimeout;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(destinations, context.DnsEndPoint, cancellationToken),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("FlagGrains-Webhooks/1");
    }

    /// <summary>Posts <paramref name="body"/>; any 2xx answer is a success, anything else (redirects too) a failure.</summary>
    public async Task<DeliveryAttempt> SendAsync(Uri url, string messageId, string body, string secret, CancellationToken cancellationToken)
    {
        var at = _clock.GetUtcNow();
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(IdHeader, messageId);
        request.Headers.TryAddWithoutValidation(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(SignatureHeader, WebhookSignature.Sign(secret, messageId, timestamp, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var elapsed = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return new DeliveryAttempt(at, code, response.IsSuccessStatusCode ? null : $"HTTP {code} {response.ReasonPhrase}".TrimEnd(), Milliseconds(elapsed));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryAttempt(at, null, $"no answer within {_timeout.TotalSeconds:0.#} s", Milliseconds(elapsed));
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryAttempt(at, null, Reason(ex), Milliseconds(elapsed));
        }
    }

    public void Dispose() => _http.Dispose();

    private static async ValueTask<Stream> ConnectAsync(WebhookDestinations destinations, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var (addresses, problem) = await destinations.ResolveAsync(endpoint.Host, cancellationToken);
        if (problem is not null) throw new DestinationRefusedException(problem);

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }

        throw last ?? new DestinationRefusedException($"'{endpoint.Host}' has no address to connect to.");
    }

    /// <summary>What went wrong, in words fit for the delivery log (no stack, no secrets: the URL is the admin's own).</summary>
    private static string Reason(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is DestinationRefusedException refused) return "destination refused: " + refused.Message;
            if (inner is SocketException socket) return $"connection failed ({socket.SocketErrorCode})";
        }

        return ex.Message;
    }

    private static int Milliseconds(Stopwatch elapsed) => (int)Math.Min(int.MaxValue, elapsed.ElapsedMilliseconds);

    private sealed class DestinationRefusedException(string message) : IOException(message);
}
