using System.Text;
using FlagGrains.AdminConsole;

namespace FlagGrains.Silo.Apis.Home;

/// <summary>
/// <c>GET /</c>: what a newcomer who opens the silo's address in a browser should find — the console, the API
/// description and the first steps — instead of a 404 problem document.
/// </summary>
public static class HomePage
{
    private static readonly byte[] Html = Encoding.UTF8.GetBytes($$"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>FlagGrains</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2rem}</style></head>
        <body>
        <h1>FlagGrains</h1>
        <p>This silo serves feature flags to mobile apps over OFREP and is ready for an admin.</p>
        <ul>
          <li><a href="{{ConsoleHostingExtensions.BasePath}}">Admin console</a> — sign in with an admin token.</li>
          <li><a href="/openapi/v1.json">OpenAPI document</a> — every endpoint of the admin API and OFREP.</li>
          <li><a href="/health/ready">Readiness</a> — what load balancers ask.</li>
        </ul>
        <p>First steps: the <em>Walk-through with curl</em> section of the repository's <code>README.md</code> creates a
        flag set, a client key and a first evaluation.</p>
        </body>
        </html>
        """);

    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", static (HttpContext context) =>
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.ContentLength = Html.Length;
                return context.Response.Body.WriteAsync(Html).AsTask();
            })
            .ExcludeFromDescription();
        return app;
    }
}
