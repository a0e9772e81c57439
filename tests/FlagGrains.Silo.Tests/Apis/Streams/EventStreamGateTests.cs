using System.Diagnostics;
using FlagGrains.Silo.Apis.Http;
using FlagGrains.Silo.Apis.Streams;
using FlagGrains.Silo.Tests.Apis.Streams.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FlagGrains.Silo.Tests.Apis.Streams;

/// <summary>The gate on its own: admission runs through the steps it is given, other requests pass by.</summary>
public sealed class EventStreamGateTests
{
    [Fact]
    public async Task A_connect_whose_admission_cannot_reach_the_cluster_is_a_503_with_problem_details_and_registers_nothing()
    {
        using var hub = new HubHarness(new EventStreamOptions());
        await using var services = Services(hub, failAdmissionWith: new OrleansException("the cluster is unreachable"));
        var pipeline = Pipeline(services, out var passedOn);
        var http = StreamConnect(services);

        await pipeline(http);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal(UnavailableExceptionHandler.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), http.Response.Headers.RetryAfter.ToString());
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Equal(0, hub.Hub.ConnectionCount);
        Assert.False(passedOn());
    }

    [Theory]
    [InlineData("POST", "/ofrep/v1/event-stream")]
    [InlineData("GET", "/ofrep/v1/evaluate/flags")]
    public async Task Anything_but_a_stream_connect_passes_by_untouched(string method, string path)
    {
        using var hub = new HubHarness(new EventStreamOptions());
        await using var services = Services(hub, failAdmissionWith: new InvalidOperationException("admission must not run"));
        var pipeline = Pipeline(services, out var passedOn);
        var http = StreamConnect(services);
        http.Request.Method = method;
        http.Request.Path = path;

        await pipeline(http);

        Assert.True(passedOn());
        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
    }

    /// <summary>What the gate and its admission resolve; the stream options fail, as a cluster call would in admission.</summary>
    private static ServiceProvider Services(HubHarness hub, Exception failAdmissionWith) => new ServiceCollection()
        .AddLogging()
        .AddMetrics()
        .AddSingleton(new DiagnosticListener("tests"))
        .AddProblemDetails()
        .AddExceptionHandler<UnavailableExceptionHandler>()
        .AddCors()
        .AddSingleton(hub.Hub)
        .AddSingleton<IOptions<EventStreamOptions>>(_ => throw failAdmissionWith)
        .BuildServiceProvider();

    private static RequestDelegate Pipeline(IServiceProvider services, out Func<bool> passedOn)
    {
        var reached = false;
        passedOn = () => reached;
        var app = new ApplicationBuilder(services);
        app.Use(EventStreamGate.For(app, admission => admission.UseExceptionHandler()));
        app.Run(_ =>
        {
            reached = true;
            return Task.CompletedTask;
        });
        return app.Build();
    }

    private static DefaultHttpContext StreamConnect(IServiceProvider services)
    {
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = "GET";
        http.Request.Path = EventStreamAdvertiser.Path;
        http.Request.QueryString = new QueryString("?token=fst1.p.e.k.1.sig");
        http.Response.Body = new MemoryStream();
        return http;
    }
}
