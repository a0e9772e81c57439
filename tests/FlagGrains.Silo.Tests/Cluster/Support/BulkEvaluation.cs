using System.Net;
using System.Text;
using FlagGrains.Testing.Cluster;
using FlagGrains.Testing;

namespace FlagGrains.Silo.Tests.Cluster.Support;

/// <summary>What a device's bulk evaluation (start, resume) answered: status, and the environment version it saw.</summary>
public readonly record struct BulkAnswer(HttpStatusCode Status, long? Version, string? ETag, string Problem)
{
    public bool Ok => Status == HttpStatusCode.OK;

    public override string ToString() => Ok ? $"200 at version {Version}" : $"{(int)Status}: {Problem}";
}

public static class BulkEvaluation
{
    private const string Context = """{"context":{"targetingKey":"u1"}}""";

    /// <summary>POSTs a bulk evaluation; a transport failure or timeout is an answer too (status 0), never a throw.</summary>
    public static async Task<BulkAnswer> EvaluateBulkAsync(this HttpClient ofrep, CancellationToken cancellationToken = default)
    {
        try
        {
            using var content = new StringContent(Context, Encoding.UTF8, "application/json");
            using var response = await ofrep.PostAsync("/ofrep/v1/evaluate/flags", content, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                return new BulkAnswer(response.StatusCode, null, null, body[..Math.Min(body.Length, 300)]);
            }

            // The answer is not read further: the ETag names the version, and the body costs the silo what it costs.
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var etag = response.Headers.ETag?.Tag;
            return new BulkAnswer(response.StatusCode, EntityTagVersion.OfBulk(etag), etag, "");
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new BulkAnswer(0, null, null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}

public static class ServedVersion
{
    /// <summary>
    /// Polls one silo until it serves <paramref name="version"/> (or newer) and returns how long that took. Any answer
    /// other than 200 fails at once: devices must never see one, whatever the cluster is going through.
    /// </summary>
    public static Task<TimeSpan> WaitAsync(HttpClient ofrep, string silo, long version, TimeSpan timeout) =>
        Poll.UntilAsync($"{silo} serves version {version}", timeout, TimeSpan.FromMilliseconds(5), async () =>
        {
            var answer = await ofrep.EvaluateBulkAsync();
            Assert.True(answer.Ok, $"{silo} failed an evaluation while waiting for version {version}: {answer}");
            return answer.Version >= version;
        });
}
