namespace FlagGrains.Load;

/// <summary>
/// The physical limit of this box for the same exchanges: a bare Kestrel answering each scenario with the very bytes
/// the silo answered it with (captured by run.sh from the silo itself), with no auth, no parsing, no evaluation and no
/// middleware. Single flag: the single answer. Bulk: the bulk answer with its ETag and caching headers. Revalidation:
/// 304 with the same headers when If-None-Match carries that ETag.
/// </summary>
public static class BaselineServer
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var single = await File.ReadAllBytesAsync(options.Text("single"));
        var bulk = await File.ReadAllBytesAsync(options.Text("bulk"));
        var etag = options.Text("etag");
        var cacheControl = options.Text("cache-control");
        var vary = options.Text("vary");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Text("urls", "http://127.0.0.1:8090"));
        var app = builder.Build();
        app.MapPost("/ofrep/v1/evaluate/flags/{key}", context => WriteAsync(context.Response, single));
        app.MapPost("/ofrep/v1/evaluate/flags", context =>
        {
            var response = context.Response;
            response.Headers.ETag = etag;
            response.Headers.CacheControl = cacheControl;
            response.Headers.Vary = vary;
            if (context.Request.Headers.IfNoneMatch == etag)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            return WriteAsync(response, bulk);
        });
        await app.RunAsync();
        return 0;
    }

    private static Task WriteAsync(HttpResponse response, byte[] body)
    {
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
