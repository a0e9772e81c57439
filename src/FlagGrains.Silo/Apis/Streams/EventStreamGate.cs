using System.Collections.Concurrent;
using FlagGrains.Silo.Apis.Ofrep;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace FlagGrains.Silo.Apis.Streams;

/// <summary>
/// Where event streams leave the data plane. A stream is admitted through the steps the pipeline gives it (exceptions
/// as 503, empty errors as problem details, rate limits as 429) and is then served after every one of them has
/// returned: a middleware still awaiting an open stream keeps its state for the stream's life, and that state is
/// multiplied by every open stream on the silo (about 0.6 KB of 11.7 for those three).
/// </summary>
public sealed class EventStreamGate
{
    // Admitted streams on their way from the admission pipeline's end back to the gate; an entry lives for one request's
    // admission, so nothing per request (a feature, an Items dictionary) is kept for the stream's life.
    private readonly ConcurrentDictionary<HttpContext, EventStreamConnection> _admitted = new(ReferenceEqualityComparer.Instance);
    private readonly IServiceProvider _services;
    private readonly EventStreamHub _hub;
    private readonly ICorsService _cors;
    private readonly ICorsPolicyProvider _corsPolicies;
    private RequestDelegate _admission = _ => Task.CompletedTask;

    private EventStreamGate(IServiceProvider services)
    {
        _services = services;
        _hub = services.GetRequiredService<EventStreamHub>();
        _cors = services.GetRequiredService<ICorsService>();
        _corsPolicies = services.GetRequiredService<ICorsPolicyProvider>();
    }

    /// <summary>The gate as a middleware of <paramref name="dataPlane"/>; <paramref name="admissionSteps"/> add the steps admission runs through.</summary>
    public static Func<HttpContext, RequestDelegate, Task> For(IApplicationBuilder dataPlane, Action<IApplicationBuilder> admissionSteps)
    {
        var gate = new EventStreamGate(dataPlane.ApplicationServices);
        var admission = dataPlane.New();
        admissionSteps(admission);
        admission.Run(gate.AdmitAsync);
        gate._admission = admission.Build();
        return gate.InvokeAsync;
    }

    private Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (!EventStreamApi.IsEventStream(http)) return next(http);

        // Admission nearly always completes at once (snapshot in memory, preamble flushed); the stream then runs with
        // no frame of the pipeline's above it but hosting's own.
        var admitting = _admission(http);
        return admitting.IsCompletedSuccessfully ? ServeAdmitted(http) : AdmitThenServeAsync(admitting, http);
    }

    private async Task AdmitThenServeAsync(Task admitting, HttpContext http)
    {
        try
        {
            await admitting;
        }
        catch
        {
            if (_admitted.TryRemove(http, out var connection)) _hub.Remove(connection);
            throw;
        }

        await ServeAdmitted(http);
    }

    private Task ServeAdmitted(HttpContext http) =>
        _admitted.TryRemove(http, out var connection)
            ? connection.RunAsync(http.Response.BodyWriter, http.RequestAborted, _hub)
            : Task.CompletedTask;

    private async Task AdmitAsync(HttpContext http)
    {
        await ApplyCorsAsync(http);
        if (await EventStreamApi.AdmitAsync(http, _services) is { } connection) _admitted[http] = connection;
    }

    /// <summary>
    /// Browsers' EventSource needs the OFREP cross-origin policy. Applied here rather than by the CORS middleware, whose
    /// per-request service resolution opens a dependency-injection scope that would live as long as the stream.
    /// A stream is a GET without custom headers, so there is no preflight to answer.
    /// </summary>
    private async Task ApplyCorsAsync(HttpContext http)
    {
        if (!http.Request.Headers.ContainsKey(HeaderNames.Origin)) return;
        if (await _corsPolicies.GetPolicyAsync(http, OfrepCorsPolicy.Name) is not { } policy) return;
        _cors.ApplyResult(_cors.EvaluatePolicy(http, policy), http.Response);
    }
}
