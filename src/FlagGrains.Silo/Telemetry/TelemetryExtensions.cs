using FlagGrains.Contracts.Access;
using FlagGrains.Grains.Analytics;
using FlagGrains.Serving;
using Microsoft.AspNetCore.Builder;
using Orleans.Dashboard;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FlagGrains.Silo.Telemetry;

/// <summary>OpenTelemetry (meters, traces, Prometheus, OTLP) and the Orleans dashboard for one silo.</summary>
public static class TelemetryExtensions
{
    private static readonly string[] OrleansMeters = ["Microsoft.Orleans"];
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    // Request duration (status, route), connections and unhandled exceptions. Not routing's or the rate limiter's
    // meters: each records on every request, and the evaluation path has no budget for measurements nobody alerts on.
    private static readonly string[] AspNetCoreMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics"];

    public static WebApplicationBuilder AddFlagGrainsTelemetry(this WebApplicationBuilder builder)
    {
        var options = ReadOptions(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<HttpMetrics>();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("flaggrains"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(FlagGrainsDiagnostics.Name).AddMeter(OrleansMeters).AddMeter(AspNetCoreMeters);
                // In-flight requests are two updates per request (start and end) that nothing here alerts on; request
                // duration and flaggrains.evaluation.duration already count every request.
                metrics.AddView("http.server.active_requests", MetricStreamConfiguration.Drop);
                if (options.Prometheus.Enabled) metrics.AddPrometheusExporter();
                if (options.Otlp.Endpoint is { } endpoint) metrics.AddOtlpExporter(o => Configure(o, endpoint, options.Otlp));
            });

        // Traces only have somewhere to go through OTLP; without it, recording them would be cost for nothing.
        if (options.Otlp.Endpoint is { } traceEndpoint)
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.Otlp.TraceSampleRatio)))
                .AddSource(FlagGrainsDiagnostics.Name)
                .AddSource(OrleansSources)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsEvaluation(http.Request.Path))
                .AddOtlpExporter(o => Configure(o, traceEndpoint, options.Otlp)));
        }

        return builder;
    }

    /// <summary>Inside UseOrleans: grain calls carry the caller's trace, and the dashboard's grains and collectors.</summary>
    public static ISiloBuilder AddFlagGrainsTelemetry(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddActivityPropagation();
        if (ReadOptions(configuration).Dashboard.Enabled) silo.AddDashboard();
        return silo;
    }

    /// <summary>The scrape endpoint and the dashboard, each behind an admin token; creates the instruments.</summary>
    public static WebApplication MapFlagGrainsTelemetry(this WebApplication app)
    {
        // Instruments exist from the first collection on, not from the first request that happens to need them.
        app.Services.GetRequiredService<HttpMetrics>();

        var options = app.Services.GetRequiredService<TelemetryOptions>();
        if (options.Prometheus.Enabled)
        {
            if (options.Prometheus.RequireAdminToken) app.UseAdminOnly(options.Prometheus.Path, AdminRole.Viewer);
            app.MapPrometheusScrapingEndpoint(options.Prometheus.Path);
        }

        if (options.Dashboard.Enabled)
        {
            app.UseAdminOnly(options.Dashboard.Path, AdminRole.Admin);
            app.MapWhen(http => http.Request.Path.StartsWithSegments(options.Dashboard.Path), dashboard => dashboard.Run(OnFirstUse(app.Services, options.Dashboard.Path)));
        }

        return app;
    }

    /// <summary>
    /// The dashboard's endpoints, built by the first request that needs them. Mapping them gzips every embedded asset
    /// of the dashboard: measured at 0.44 s of a 3.1 s silo start, paid before the silo could serve an evaluation.
    /// The branch has its own routing, so nothing is added to the application's endpoints after start.
    /// </summary>
    private static RequestDelegate OnFirstUse(IServiceProvider services, string path)
    {
        var dashboard = new Lazy<RequestDelegate>(() =>
        {
            var branch = new ApplicationBuilder(services);
            branch.UseRouting();
            branch.UseEndpoints(endpoints => endpoints.MapOrleansDashboard(path));
            return branch.Build();
        });
        return http => dashboard.Value(http);
    }

    private static TelemetryOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Prometheus.Path.StartsWith('/') || !options.Dashboard.Path.StartsWith('/'))
            throw new InvalidOperationException($"{TelemetryOptions.Section}: Prometheus:Path and Dashboard:Path must start with '/'.");
        if (options.Otlp.TraceSampleRatio is < 0 or > 1)
            throw new InvalidOperationException($"{TelemetryOptions.Section}:Otlp:TraceSampleRatio must be between 0 and 1.");
        return options;
    }

    private static bool IsEvaluation(PathString path) =>
        path.StartsWithSegments("/ofrep", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/v1/flags", StringComparison.OrdinalIgnoreCase);

    private static void Configure(OpenTelemetry.Exporter.OtlpExporterOptions exporter, Uri endpoint, OtlpOptions options)
    {
        exporter.Endpoint = endpoint;
        exporter.Protocol = options.Protocol;
    }
}
