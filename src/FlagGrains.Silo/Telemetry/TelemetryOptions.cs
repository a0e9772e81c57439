namespace FlagGrains.Silo.Telemetry;

/// <summary>Bound from <c>FlagGrains:Telemetry</c> (the evaluation series bound is read by the grains from the same section).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "FlagGrains:Telemetry";

    public PrometheusOptions Prometheus { get; set; } = new();

    public OtlpOptions Otlp { get; set; } = new();

    public DashboardEndpointOptions Dashboard { get; set; } = new();
}

/// <summary>The Prometheus scrape endpoint; on by default because an operator without metrics is blind.</summary>
public sealed class PrometheusOptions
{
    public bool Enabled { get; set; } = true;

    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// When true (default) a scrape needs an admin token of any role (Prometheus: <c>authorization: { credentials: … }</c>),
    /// because series name environments and flags. Set false only where the path is reachable from the monitoring network alone.
    /// </summary>
    public bool RequireAdminToken { get; set; } = true;
}

/// <summary>OTLP export of metrics and traces; off until an endpoint is set, since there is no sensible default collector.</summary>
public sealed class OtlpOptions
{
    /// <summary>e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c> with Protocol HttpProtobuf.</summary>
    public Uri? Endpoint { get; set; }

    public OpenTelemetry.Exporter.OtlpExportProtocol Protocol { get; set; } = OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;

    /// <summary>Share of admin and propagation traces kept (0..1); evaluation requests are never traced.</summary>
    public double TraceSampleRatio { get; set; } = 1.0;
}

/// <summary>The Orleans dashboard, for admin tokens only.</summary>
public sealed class DashboardEndpointOptions
{
    public bool Enabled { get; set; } = true;

    public string Path { get; set; } = "/dashboard";
}
