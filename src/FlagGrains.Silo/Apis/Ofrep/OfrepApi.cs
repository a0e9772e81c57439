namespace FlagGrains.Silo.Apis.Ofrep;

/// <summary>The OFREP evaluation routes (<c>/ofrep/v1/evaluate/flags</c>); the work is in <see cref="OfrepEndpoints"/>.</summary>
public static class OfrepApi
{
    public static void MapOfrepApi(this IEndpointRouteBuilder routes)
    {
        var endpoints = routes.ServiceProvider.GetRequiredService<OfrepEndpoints>();

        // Most evaluations are answered by OfrepFastLane before routing; these routes serve the rest (browsers,
        // compressed bulk answers, cold keys) and describe both endpoints in the OpenAPI document.
        // As Delegate, not RequestDelegate: only route handlers are described in the OpenAPI document.
        routes.MapPost("/ofrep/v1/evaluate/flags/{key}", (Delegate)endpoints.EvaluateRoutedFlagAsync).WithTags("OFREP");
        routes.MapPost("/ofrep/v1/evaluate/flags", (Delegate)endpoints.EvaluateAllAsync).WithTags("OFREP");
    }
}
