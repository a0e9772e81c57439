using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>
/// The cross-origin policy of <c>/ofrep</c>, built from <see cref="OfrepHttpOptions.AllowedOrigins"/>. Web clients
/// need the ETag exposed to send it back, and Retry-After to honour it.
/// </summary>
public sealed class OfrepCorsPolicy(IOptions<OfrepHttpOptions> options) : IConfigureOptions<CorsOptions>
{
    public const string Name = "ofrep";

    public void Configure(CorsOptions cors) => cors.AddPolicy(Name, policy =>
    {
        var origins = options.Value.AllowedOrigins;
        if (origins.Contains("*")) policy.AllowAnyOrigin();
        else policy.WithOrigins(origins);

        policy.WithMethods("GET", "POST")
            .WithHeaders("Authorization", "X-API-Key", "Content-Type", "If-None-Match", "Last-Event-ID")
            .WithExposedHeaders("ETag", "Retry-After")
            .SetPreflightMaxAge(options.Value.PreflightMaxAge);
    });
}
