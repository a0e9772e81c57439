using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace FlagGrains.Load;

/// <summary>One device's view of a silo: bulk evaluations with a fixed context, read for the version they answer.</summary>
public sealed class OfrepProbe(string siloUrl, string clientKey) : IDisposable
{
    private const string Body = """{"context":{"targetingKey":"probe-user","appVersion":"2.1.0"}}""";

    private readonly HttpClient _http = new(new SocketsHttpHandler())
    {
        BaseAddress = new Uri(siloUrl),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", clientKey) },
        Timeout = TimeSpan.FromSeconds(10),
    };

    public string SiloUrl { get; } = siloUrl;

    /// <summary>The environment version this silo's gateway answers with now (from the bulk ETag <c>"{version}-{digest}"</c>).</summary>
    public async Task<long> ServedVersionAsync(CancellationToken cancellationToken = default)
    {
        using var response = await PostAsync(cancellationToken);
        response.EnsureSuccessStatusCode();
        var tag = response.Headers.ETag?.Tag ?? throw new InvalidOperationException("Bulk answer without an ETag.");
        return long.Parse(tag.AsSpan(1, tag.IndexOf('-', StringComparison.Ordinal) - 1), CultureInfo.InvariantCulture);
    }

    /// <summary>The advertised event-stream URL (path and query) of this silo.</summary>
    public async Task<Uri> EventStreamUrlAsync()
    {
        using var response = await PostAsync(CancellationToken.None);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return new Uri(body["eventStreams"]![0]!["url"]!.GetValue<string>());
    }

    /// <summary>How many flags the silo answers with; 0 while it cannot answer yet.</summary>
    public async Task<int> FlagCountAsync(CancellationToken cancellationToken)
    {
        using var response = await PostAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) return 0;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return body["flags"]!.AsArray().Count;
    }

    private Task<HttpResponseMessage> PostAsync(CancellationToken cancellationToken) =>
        _http.PostAsync("/ofrep/v1/evaluate/flags", new StringContent(Body, Encoding.UTF8, "application/json"), cancellationToken);

    public void Dispose() => _http.Dispose();
}
