namespace FlagGrains.Load;

/// <summary>
/// The physical limit of this box for the same kind of exchange: a bare Kestrel POST endpoint returning a small JSON
/// body (the size of one OFREP single-flag answer), no auth, no parsing, no evaluation.
/// </summary>
public static class BaselineServer
{
    private static readonly byte[] Answer = """{"key":"bench-flag-00","value":true,"reason":"TARGETING_MATCH","variant":"on"}"""u8.ToArray();

    public static async Task<int> RunAsync(CommandLine options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Text("urls", "http://127.0.0.1:8090"));
        var app = builder.Build();
        app.MapPost("/ofrep/v1/evaluate/flags/{key}", async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Answer);
        });
        await app.RunAsync();
        return 0;
    }
}
