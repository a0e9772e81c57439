using FlagGrains.Silo.Apis.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlagGrains.Silo.Tests.Apis.Http;

public sealed class UnavailableExceptionHandlerTests
{
    [Theory]
    [InlineData("PUT")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task A_write_answered_503_says_it_may_have_been_stored_and_to_read_before_retrying(string method)
    {
        // A silo killed after the commit and before the reply turns into this 503 on the silo that forwarded the call;
        // the chaos soak saw such writes stored.
        var (status, retryAfter, body) = await HandleAsync(method, new Orleans.Runtime.SiloUnavailableException());

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("5", retryAfter);
        Assert.Contains("not known to be stored", body, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was changed", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/projects/p/environments/prod/flags")]
    [InlineData("POST", "/ofrep/v1/evaluate/flags")]
    [InlineData("POST", "/ofrep/v1/evaluate/flags/checkout")]
    public async Task A_read_answered_503_only_says_when_to_retry(string method, string path)
    {
        var (status, _, body) = await HandleAsync(method, new TimeoutException(), path);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Contains("Retry after 5 seconds", body, StringComparison.Ordinal);
        Assert.DoesNotContain("stored", body, StringComparison.Ordinal);
    }

    private static async Task<(int Status, string? RetryAfter, string Body)> HandleAsync(string method, Exception exception, string path = "/api/projects")
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = method;
        http.Request.Path = path;
        http.Response.Body = new MemoryStream();
        var handler = new UnavailableExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<UnavailableExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(http, exception, CancellationToken.None));
        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, http.Response.Headers.RetryAfter.ToString(), await new StreamReader(http.Response.Body).ReadToEndAsync());
    }
}
