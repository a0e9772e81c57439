using FlagGrains.Serving.Resolving;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace FlagGrains.Silo.Apis.Http;

/// <summary>
/// Turns failures of the cluster or the database into 503 + Retry-After. A write that could not be stored must never
/// look like a success, nor like the caller's fault.
/// </summary>
public sealed partial class UnavailableExceptionHandler(IProblemDetailsService problems, ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!TransientRetry.IsTransient(exception)) return false;

        LogUnavailable(logger, exception.GetType().Name, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                Detail = Detail(httpContext.Request),
            },
        });
    }

    /// <summary>
    /// A write whose reply was lost (its silo died after the commit, a timeout) may have been stored, so a write's 503
    /// never claims that nothing changed (docs/consistency.md, "Ambiguous failures"; the chaos soak sees it happen).
    /// OFREP evaluations are POSTs that change nothing: they are told only when to retry.
    /// </summary>
    private static string Detail(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || request.Path.StartsWithSegments("/ofrep", StringComparison.OrdinalIgnoreCase)
            ? $"Storage or cluster is unavailable. Retry after {RetryAfterSeconds} seconds."
            : $"Storage or cluster is unavailable, so this change is not known to be stored: it may have been applied. " +
              $"Read the current state before retrying (with If-Match) after {RetryAfterSeconds} seconds.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503 for {Path}: {ExceptionType}")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string path);
}
