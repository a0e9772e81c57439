using FlagGrains.Contracts;
using FlagGrains.Silo.Apis.Http;

namespace FlagGrains.Silo.Apis.Admin;

/// <summary>Rejects project/environment names that could never be valid before any grain is touched.</summary>
public sealed class EnvironmentRouteFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var values = context.HttpContext.Request.RouteValues;
        foreach (var name in new[] { "project", "environment" })
        {
            if (!GrainKeys.IsValidName(values[name] as string))
            {
                return ValueTask.FromResult<object?>(Problems.BadRequest(
                    $"Invalid {name} name",
                    $"A {name} name is 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit."));
            }
        }

        return next(context);
    }
}
