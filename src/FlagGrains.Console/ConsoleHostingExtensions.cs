using FlagGrains.AdminConsole.Access;
using FlagGrains.AdminConsole.Components;
using FlagGrains.AdminConsole.Workspace;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlagGrains.AdminConsole;

/// <summary>Adds the admin console (Blazor interactive server) to a silo, under <c>/console</c>.</summary>
public static class ConsoleHostingExtensions
{
    public const string BasePath = "/console";

    // Blazor's circuit hub and framework script live at the site root (the console's base href is "/" so its routes are
    // the same during prerendering and in the circuit); the hub must see the session cookie too.
    private const string CircuitHubPath = "/_blazor";

    public static IServiceCollection AddFlagGrainsConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>()
            .Bind(configuration.GetSection(ConsoleOptions.Section))
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, $"{ConsoleOptions.Section}:SessionLifetime must be positive.")
            .ValidateOnStart();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        // Secure whenever the request was HTTPS: behind a TLS-terminating proxy that means forwarded headers must be
        // enabled (ASPNETCORE_FORWARDEDHEADERS_ENABLED=true), so the request's scheme is the original one.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        // Named scheme, never the default for the whole app: the bearer-token APIs keep their own authentication. A lone
        // scheme would otherwise become the default, and the authentication middleware the host adds for every request
        // would read the cookie on each OFREP evaluation too (measured: ~12 % of an evaluation request's server time).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication().AddCookie(ConsoleAuthentication.Scheme, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(ConsoleAuthentication.Scheme).Configure<IOptions<ConsoleOptions>>((cookie, console) =>
        {
            cookie.Cookie.Name = ConsoleAuthentication.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = console.Value.SessionLifetime;
            cookie.SlidingExpiration = false;
            cookie.LoginPath = BasePath + "/signin";
            cookie.AccessDeniedPath = BasePath + "/signin";
            cookie.Events.OnValidatePrincipal = ConsoleAuthentication.ValidateAsync;
        });
        services.AddAuthorizationBuilder().AddPolicy(ConsoleAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(ConsoleAuthentication.Scheme)
            .RequireAuthenticatedUser());

        services.AddSingleton<AdminTokens>();
        services.AddScoped<ConsoleGuard>();
        services.AddScoped<EnvironmentWorkspace>();
        services.AddScoped<GovernanceWorkspace>();
        services.AddScoped<AutomationWorkspace>();
        return services;
    }

    public static WebApplication MapFlagGrainsConsole(this WebApplication app)
    {
        app.UseWhen(
            http => http.Request.Path.StartsWithSegments(BasePath) || http.Request.Path.StartsWithSegments(CircuitHubPath),
            console => console
                .Use(RefuseFraming)
                .Use(AuthenticateSessionAsync)
                .UseAuthorization()
                .UseAntiforgery());

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPost(BasePath + "/signout", SignOutAsync).RequireAuthorization(ConsoleAuthentication.Policy).ExcludeFromDescription();
        return app;
    }

    /// <summary>What UseAuthentication does with a default scheme, for the console's scheme only.</summary>
    private static async Task AuthenticateSessionAsync(HttpContext http, RequestDelegate next)
    {
        var session = await http.AuthenticateAsync(ConsoleAuthentication.Scheme);
        if (session.Succeeded) http.User = session.Principal;
        await next(http);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return TypedResults.BadRequest();
        await http.SignOutAsync(ConsoleAuthentication.Scheme);
        return TypedResults.LocalRedirect(BasePath + "/signin");
    }

    private static Task RefuseFraming(HttpContext http, Func<Task> next)
    {
        // Clickjacking would defeat every confirmation dialog: the console is never shown inside a frame.
        http.Response.Headers.XFrameOptions = "DENY";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return next();
    }
}
