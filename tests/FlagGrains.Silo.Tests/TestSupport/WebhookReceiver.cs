using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlagGrains.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Silo.Tests.TestSupport;

/// <summary>
/// A webhook receiver on a loopback Kestrel port, as a customer would run one: it answers what the test decides per
/// attempt, and "applies" a delivery the way the README tells receivers to: signature valid, timestamp recent, and each
/// message id at most once.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<Delivery> _received = [];
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<string, int, int> _answer = (_, _) => 200;

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/hooks/flags");
    }

    /// <summary>One request as received; <see cref="Applied"/> when it was the first valid one of its message id.</summary>
    public sealed record Delivery(string? Id, string? Timestamp, string? Signature, string Body, int Answer, bool Applied)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    public Uri Url { get; }

    /// <summary>The signing secret, once the webhook is registered; needed to tell valid deliveries from forged ones.</summary>
    public string? Secret { get; set; }

    public IReadOnlyList<Delivery> Received
    {
        get
        {
            lock (_gate) return [.. _received];
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = FreeTcpPort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, port);
        app.MapPost("/hooks/flags", receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>What to answer: given the message id and how many times it was received before (0 = first).</summary>
    public void AnswerWith(Func<string, int, int> answer)
    {
        lock (_gate) _answer = answer;
    }

    /// <summary>Waits for a received request matching <paramref name="match"/>; the timeout only ends a failing test.</summary>
    public async Task<Delivery> WaitForAsync(Func<Delivery, bool> match, string what, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_received.FirstOrDefault(match) is { } found) return found;
                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The receiver never got {what}; it got: {string.Join(" | ", Received.Select(r => $"{r.Answer} {r.Id} {r.Body[..Math.Min(120, r.Body.Length)]}"))}");
            }
        }
    }

    /// <summary>
    /// The README's verification, written independently of the server's code: HMAC-SHA256 with the base64-decoded part of
    /// the secret after <c>whsec_</c>, over "{webhook-id}.{webhook-timestamp}.{body}", compared in constant time.
    /// </summary>
    public static bool IsSignedBy(string secret, string? id, string? timestamp, string? signature, string body)
    {
        if (id is null || timestamp is null || signature is null) return false;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Encoding.ASCII.GetBytes("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"))));
        return signature.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        string? id = request.Headers["webhook-id"], timestamp = request.Headers["webhook-timestamp"], signature = request.Headers["webhook-signature"];
        lock (_gate)
        {
            var seen = _received.Count(r => r.Id == id);
            var answer = _answer(id ?? "", seen);
            var applied = answer is >= 200 and < 300 && Secret is { } secret && IsSignedBy(secret, id, timestamp, signature, body)
                          && IsRecent(timestamp) && _applied.Add(id!);
            _received.Add(new Delivery(id, timestamp, signature, body, answer, applied));
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return Results.StatusCode(answer);
        }
    }

    /// <summary>Replay protection: a signed timestamp more than five minutes off is refused, whatever the signature.</summary>
    private static bool IsRecent(string? timestamp) =>
        long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() <= Tolerance;
}
