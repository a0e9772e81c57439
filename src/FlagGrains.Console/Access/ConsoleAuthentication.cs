using FlagGrains.Contracts.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace FlagGrains.AdminConsole.Access;

/// <summary>The console's own cookie scheme; the bearer-token admin API never sees it.</summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "FlagGrains.AdminConsole";
    public const string CookieName = "__flaggrains_console";
    public const string Policy = "FlagGrains.AdminConsole.SignedIn";

    /// <summary>Rejects a session whose token was revoked since sign-in, on every request that carries the cookie.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = ConsoleUser.From(context.Principal);
        var tokens = context.HttpContext.RequestServices.GetService(typeof(AdminTokens)) as AdminTokens;
        if (user is null || tokens is null || await tokens.RefreshAsync(user) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    /// <summary>Audit identity of a console change: the token id and name, a request id, and where it came from.</summary>
    public static ChangeContext ChangeContext(ConsoleUser user, string? sourceAddress) =>
        new(user.TokenId, user.Name, "console-" + Guid.NewGuid().ToString("N"), sourceAddress);
}
