using FlagGrains.AdminConsole;
using FlagGrains.Silo.Hosting;
using FlagGrains.Silo.Telemetry;
using Microsoft.AspNetCore.Http.Features;

namespace FlagGrains.Silo.Apis.Http;

/// <summary>
/// <c>FlagGrains:Http:AdminUrls</c>: an internal listener of its own for the control plane (console, admin API,
/// metrics, dashboard, OpenAPI). When set, those paths answer 404 on the public listener, and the public data plane
/// answers 404 on the internal one; health answers on both. Unset, one listener serves everything and this costs nothing.
/// </summary>
public sealed class AdminListener
{
    public const string Setting = "FlagGrains:Http:AdminUrls";

    private static readonly PathString[] FixedAdminPaths =
        ["/admin", ConsoleHostingExtensions.BasePath, "/_blazor", "/_framework", "/_content", "/openapi"];

    private readonly HashSet<int> _ports;
    private readonly PathString[] _adminPaths;

    private AdminListener(HashSet<int> ports, PathString[] adminPaths, string firstUrl)
    {
        _ports = ports;
        _adminPaths = adminPaths;
        FirstUrl = firstUrl;
    }

    /// <summary>The first admin URL, where the console and the admin API are.</summary>
    public string FirstUrl { get; }

    /// <summary>Adds the admin URLs to the server's listeners.</summary>
    /// <exception cref="StartupRefusedException">An admin URL is malformed or shares a port with the public listener.</exception>
    public static WebApplicationBuilder AddAdminListener(WebApplicationBuilder builder)
    {
        var adminUrls = Split(builder.Configuration[Setting]);
        if (adminUrls.Count == 0) return builder;

        var publicUrls = Split(builder.Configuration[WebHostDefaults.ServerUrlsKey]);
        if (publicUrls.Count == 0) throw new StartupRefusedException($"{Setting} needs the public listener's Urls set as well (e.g. Urls=http://0.0.0.0:8080).");
        var publicPorts = publicUrls.Select(url => Parse(url, WebHostDefaults.ServerUrlsKey)).ToHashSet();
        var adminPorts = new HashSet<int>();
        foreach (var url in adminUrls)
        {
            var port = Parse(url, Setting);
            if (publicPorts.Contains(port))
            {
                throw new StartupRefusedException(
                    $"{Setting} '{url}' uses port {port}, which the public listener (Urls: {string.Join(";", publicUrls)}) serves; give the admin listener a port of its own.");
            }

            adminPorts.Add(port);
        }

        builder.WebHost.UseUrls([.. publicUrls, .. adminUrls]);
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddSingleton(new AdminListener(adminPorts, [.. FixedAdminPaths, telemetry.Prometheus.Path, telemetry.Dashboard.Path], adminUrls[0].TrimEnd('/')));
        return builder;
    }

    /// <summary>First in the pipeline: a path served by the other listener is simply not found here.</summary>
    public static WebApplication UseAdminListener(WebApplication app)
    {
        if (app.Services.GetService<AdminListener>() is not { } listener) return app;
        app.Use((http, next) => listener.Serves(http) ? next(http) : NotFoundAsync(http));
        return app;
    }

    private bool Serves(HttpContext http)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)) return true;
        var onAdminListener = _ports.Contains(http.Features.Get<IHttpConnectionFeature>()?.LocalPort ?? 0);
        return onAdminListener == _adminPaths.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
    }

    private static Task NotFoundAsync(HttpContext http) => Problems.NotFound("Nothing is served at this path on this listener.").ExecuteAsync(http);

    private static List<string> Split(string? urls) =>
        (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static int Parse(string url, string setting)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            if (address.Port > 0 && address.Scheme is "http" or "https") return address.Port;
        }
        catch (FormatException)
        {
            // Reported below with the setting's name.
        }

        throw new StartupRefusedException($"{setting} '{url}' is not an http(s) URL with a port (e.g. http://10.0.0.5:9090).");
    }
}
