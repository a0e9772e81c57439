using System.Net;
using System.Text;
using FlagGrains.Testing.Cluster;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>One answer a roaming device got: which silo, what status, and the version it holds afterwards.</summary>
public readonly record struct RoamingAnswer(int Silo, HttpStatusCode Status, long Held, long? Answered)
{
    public override string ToString() => $"silo {Silo}: {(int)Status}, answered {Answered?.ToString() ?? "-"}, holds {Held}";
}

/// <summary>
/// One device behind a load balancer that sends each request to another silo, as a device does whose connections
/// land on any silo. Like the SDK when polling, it revalidates with the ETag it holds (<c>If-None-Match</c>): a 304
/// keeps what it has, a 200 replaces it. <paramref name="revalidates"/> false sends plain requests, for comparison.
/// </summary>
public sealed class RoamingDevice(IReadOnlyList<HttpClient> silos, bool revalidates = true)
{
    private const string Context = """{"context":{"targetingKey":"roaming-device"}}""";

    private string? _etag;
    private long _held = -1;
    private int _requests;

    public List<RoamingAnswer> Answers { get; } = [];

    /// <summary>Sends the next request to the next silo in turn; transport failures fail the test (devices must be served).</summary>
    public async Task<RoamingAnswer> EvaluateAsync()
    {
        var silo = _requests++ % silos.Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ofrep/v1/evaluate/flags")
        {
            Content = new StringContent(Context, Encoding.UTF8, "application/json"),
        };
        if (revalidates && _etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", _etag);

        using var response = await silos[silo].SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        long? answered = null;
        if (response.StatusCode == HttpStatusCode.OK)
        {
            _etag = response.Headers.ETag?.Tag;
            answered = EntityTagVersion.OfBulk(_etag);
            _held = answered.Value;
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.NotModified && _etag is not null,
                $"silo {silo} answered {(int)response.StatusCode} to a device holding {_etag ?? "nothing"}: {await response.Content.ReadAsStringAsync()}");
        }

        var answer = new RoamingAnswer(silo, response.StatusCode, _held, answered);
        Answers.Add(answer);
        return answer;
    }

    /// <summary>Answers whose version was lower than one this device had already been given.</summary>
    public List<(RoamingAnswer Before, RoamingAnswer After)> Regressions() =>
        Answers.Zip(Answers.Skip(1)).Where(p => p.Second.Answered is { } v && v < p.First.Held).ToList();
}
