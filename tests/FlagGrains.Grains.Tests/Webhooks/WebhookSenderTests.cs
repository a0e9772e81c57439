using System.Net;
using System.Net.Sockets;
using System.Text;
using FlagGrains.Grains.Webhooks;
using Microsoft.Extensions.Options;

namespace FlagGrains.Grains.Tests.Webhooks;

/// <summary>The sender checks the address it actually connects to, so the guard holds at delivery, not only at registration.</summary>
public sealed class WebhookSenderTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public async Task A_destination_that_is_not_allowed_is_never_connected_to()
    {
        using var listener = Listen(out var url);
        using var sender = Sender();

        var attempt = await sender.SendAsync(url, "evt_1", "{}", Secret, CancellationToken.None);

        Assert.Null(attempt.StatusCode);
        Assert.StartsWith("destination refused", attempt.Error, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task An_allowed_destination_gets_a_signed_post_and_its_answer_is_recorded()
    {
        using var listener = Listen(out var url);
        using var sender = Sender("127.0.0.1");

        var sending = sender.SendAsync(url, "evt_2", """{"a":1}""", Secret, CancellationToken.None);
        var request = await AnswerOnceAsync(listener, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        var attempt = await sending;

        Assert.Equal(204, attempt.StatusCode);
        Assert.Null(attempt.Error);
        Assert.StartsWith("POST /hook HTTP/1.1", request, StringComparison.Ordinal);
        Assert.Contains("webhook-id: evt_2", request, StringComparison.OrdinalIgnoreCase);
        var timestamp = long.Parse(Header(request, "webhook-timestamp"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(WebhookSignature.Sign(Secret, "evt_2", timestamp, """{"a":1}"""), Header(request, "webhook-signature"));
    }

    [Fact]
    public async Task Redirects_are_failures_and_are_not_followed()
    {
        using var listener = Listen(out var url);
        using var sender = Sender("127.0.0.1");

        var sending = sender.SendAsync(url, "evt_3", "{}", Secret, CancellationToken.None);
        await AnswerOnceAsync(listener, "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var attempt = await sending;

        Assert.Equal(302, attempt.StatusCode);
        Assert.Contains("302", attempt.Error, StringComparison.Ordinal);
    }

    private static WebhookSender Sender(params string[] allowed)
    {
        var options = Options.Create(new WebhookOptions { AllowedHosts = [.. allowed], AttemptTimeout = TimeSpan.FromSeconds(20) });
        return new WebhookSender(new WebhookDestinations(options), options, TimeProvider.System);
    }

    private static TcpListener Listen(out Uri url)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/hook");
        return listener;
    }

    private static async Task<string> AnswerOnceAsync(TcpListener listener, string response)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var client = await listener.AcceptTcpClientAsync(timeout.Token);
        var stream = client.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0) break;
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), timeout.Token);
        return received.ToString();
    }

    private static string Header(string request, string name) =>
        request.Split("\r\n").First(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))[(name.Length + 1)..].Trim();
}
