using FlagGrains.Silo.Apis.Admin;
using FlagGrains.Silo.Apis.Health;
using FlagGrains.Silo.Apis.Home;
using FlagGrains.Silo.Telemetry;

namespace FlagGrains.Silo.Apis;

/// <summary>The control plane's HTTP surfaces (the data plane's and the middleware order: <see cref="Http.HttpPipeline"/>).</summary>
public static class ApiEndpoints
{
    public static WebApplication MapFlagGrainsApis(this WebApplication app)
    {
        app.MapFlagGrainsTelemetry();
        app.MapAdminApi();
        app.MapHealthApi();
        app.MapOpenApi("/openapi/v1.json");
        app.MapHomePage();
        return app;
    }
}
