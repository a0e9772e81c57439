using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using FlagGrains.Serving;
using FlagGrains.Silo.Tests.Cluster.Support;
using FlagGrains.Testing.Cluster;
using FlagGrains.Silo.Tests.TestSupport;
using FlagGrains.Testing;

namespace FlagGrains.Silo.Tests.Telemetry;

[Collection(SiloCollection.Name)]
public sealed class TracingTests(SiloFixture fixture)
{
    [Fact]
    public async Task An_admin_write_is_traced_under_its_request_and_the_gateway_refresh_links_to_it()
    {
        using var admin = fixture.Factory.CreateAdminClient();
        var project = TestSupport.Environments.NewProject();
        var environmentKey = $"{project}/prod";
        using var client = fixture.Factory.CreateKeyClient(await admin.CreateWithKeyAsync(project, "prod", Documents.Mixed));
        Assert.Equal(HttpStatusCode.OK, (await client.EvaluateAllAsync(new { targetingKey = "a" })).StatusCode);

        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FlagGrainsDiagnostics.Name || source.Name.StartsWith("Microsoft.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        // A refresh that the 2 s version check happens to make before the bump arrives has no write to link to; the
        // relayed bump is milliseconds away, so one of a few writes is always bump-driven.
        Activity? linkedRefresh = null;
        ActivityTraceId traceId = default;
        for (var attempt = 0; attempt < 3 && linkedRefresh is null; attempt++)
        {
            traceId = ActivityTraceId.CreateRandom();
            using var put = new HttpRequestMessage(HttpMethod.Put, $"/admin/v1/projects/{project}/environments/prod/flags")
            {
                Content = new StringContent(Documents.Mixed, Encoding.UTF8, "application/json"),
            };
            put.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(put)).StatusCode);

            var write = stopped.Single(a => a.OperationName == "environment.write" && a.TraceId == traceId);
            Assert.Equal(environmentKey, write.GetTagItem("flaggrains.environment"));
            Assert.Contains(stopped, a => a.OperationName == "environment.persist" && a.ParentSpanId == write.SpanId);
            Assert.Contains(stopped, a => a.OperationName == "environment.publish" && a.ParentSpanId == write.SpanId);

            var version = write.GetTagItem("flaggrains.version");
            await Poll.UntilAsync("the gateway refreshed to the new version", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20), () =>
                Task.FromResult(stopped.Any(a => IsRefresh(a, environmentKey, version))));
            linkedRefresh = stopped.FirstOrDefault(a => IsRefresh(a, environmentKey, version) && a.Links.Any(l => l.Context.TraceId == traceId));
        }

        Assert.NotNull(linkedRefresh);
        // No "gateway.pull" is required: a small document usually travels with its relayed bump and is not pulled (the
        // Serving tests prove that path makes no grain call); a bump that came by the stream first still pulls.
        foreach (var step in new[] { "gateway.compile", "gateway.publish" })
            Assert.Contains(stopped, a => a.OperationName == step && a.ParentSpanId == linkedRefresh.SpanId);
    }

    private static bool IsRefresh(Activity activity, string environmentKey, object? version) =>
        activity.OperationName == "gateway.refresh"
        && Equals(activity.GetTagItem("flaggrains.environment"), environmentKey)
        && Equals(activity.GetTagItem("flaggrains.version"), version);
}
