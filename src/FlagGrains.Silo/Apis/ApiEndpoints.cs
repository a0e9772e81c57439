using FlagGrains.Silo.Apis.Admin;
using FlagGrains.Silo.Apis.Health;
using FlagGrains.Silo.Apis.Home;
using FlagGrains.Silo.Apis.Server;
using FlagGrains.Silo.Apis.Ofrep;
using FlagGrains.Silo.Apis.Streams;
using FlagGrains.Silo.Telemetry;

namespace FlagGrains.Silo.Apis;

/// <summary>Every HTTP surface of a silo (their middleware order: <see cref="Http.HttpPipeline"/>).</summary>
public static class ApiEndpoints
{
    public static WebApplication MapFlagGrainsApis(this WebApplication app)
    {
        app.MapFlagGrainsTelemetry();
        app.MapAdminApi();
        app.MapOfrepApi();
        app.MapHealthApi();
        app.MapServerFlagsApi();
        app.MapEventStreamApi();
        app.MapOpenApi("/openapi/v1.json");
        app.MapHomePage();
        return app;
    }
}
