using Microsoft.AspNetCore.Diagnostics;

namespace FlagGrains.Silo.Apis.Http;

/// <summary>HTTP services shared by every API: problem details, failure mapping, OpenAPI, rate limits (order: <see cref="HttpPipeline"/>).</summary>
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
}
