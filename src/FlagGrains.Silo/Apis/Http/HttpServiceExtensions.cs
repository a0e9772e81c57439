using Microsoft.AspNetCore.Diagnostics;

namespace FlagGrains.Silo.Apis.Http;

/// <summary>HTTP pipeline pieces shared by every API: problem details and failure mapping.</summary>
public static class HttpServiceExtensions
{
    public static IServiceCollection AddFlagGrainsHttp(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddFlagGrainsRateLimiting();
        services.AddExceptionHandler<UnavailableExceptionHandler>();
        return services;
    }

    public static WebApplication UseFlagGrainsHttp(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        return app;
    }
}
