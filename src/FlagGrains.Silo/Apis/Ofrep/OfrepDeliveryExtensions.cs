using System.IO.Compression;
using FlagGrains.Silo.Apis.Streams;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>What delivering to devices adds around OFREP: event streams, caching headers, compression and CORS.</summary>
public static class OfrepDeliveryExtensions
{
    public static IServiceCollection AddOfrepDelivery(this IServiceCollection services)
    {
        services.AddOptions<OfrepHttpOptions>().BindConfiguration(OfrepHttpOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.BulkCacheControl), $"{OfrepHttpOptions.Section}:BulkCacheControl must not be empty.")
            .Validate(o => o.AllowedOrigins.All(origin => origin == "*" || Uri.TryCreate(origin, UriKind.Absolute, out _)),
                $"{OfrepHttpOptions.Section}:AllowedOrigins must be absolute origins like https://app.example.com, or *.")
            .ValidateOnStart();
        services.AddOptions<EvaluationLimits>().BindConfiguration(EvaluationLimits.Section)
            .Validate(o => o.MaxBodyBytes > 0 && o.MaxContextAttributes > 0 && o.MaxStringLength > 0 && o.MaxDepth > 0,
                $"{EvaluationLimits.Section} values must be positive.")
            .ValidateOnStart();
        services.AddSingleton<OfrepEndpoints>();
        services.AddSingleton<OfrepFastLane>();
        services.AddCors();
        services.AddSingleton<IConfigureOptions<CorsOptions>, OfrepCorsPolicy>();

        // Only JSON: event streams must reach the client unbuffered, and a 50-flag bulk answer shrinks ~5x.
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ["application/json"];
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);

        services.AddEventStreams();
        return services;
    }

    /// <summary>CORS and compression for <c>/ofrep</c> only (admin responses stay as they are).</summary>
    public static IApplicationBuilder UseOfrepDelivery(this IApplicationBuilder app)
    {
        app.UseWhen(
            http => http.Request.Path.StartsWithSegments("/ofrep", StringComparison.OrdinalIgnoreCase),
            ofrep => ofrep.UseCors(OfrepCorsPolicy.Name).UseResponseCompression());
        return app;
    }
}
