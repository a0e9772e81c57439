using FlagGrains.Contracts.Access;
using Microsoft.AspNetCore.Components.Authorization;

namespace FlagGrains.AdminConsole.Access;

/// <summary>
/// The server-side check before every console action: the circuit's user, re-read from the admin directory so a
/// revoked token stops working at once, with at least the role the action needs. The UI hiding controls is a
/// convenience; this is the enforcement.
/// </summary>
public sealed class ConsoleGuard(AuthenticationStateProvider authentication, AdminTokens tokens, TimeProvider clock)
{
    /// <summary>The signed-in user as of sign-in (no directory call), for deciding what to show.</summary>
    public async Task<ConsoleUser?> CurrentAsync() => ConsoleUser.From((await authentication.GetAuthenticationStateAsync()).User);

    /// <summary>The user, checked now against the directory; throws <see cref="ConsoleAccessDeniedException"/> otherwise.</summary>
    public async Task<ConsoleUser> RequireAsync(AdminRole minimum)
    {
        var signedIn = await CurrentAsync() ?? throw new ConsoleAccessDeniedException("You are not signed in.", sessionEnded: true);
        if (signedIn.SessionEnds is { } ends && ends <= clock.GetUtcNow())
            throw new ConsoleAccessDeniedException("Your console session has ended; sign in again.", sessionEnded: true);
        var user = await tokens.RefreshAsync(signedIn)
                   ?? throw new ConsoleAccessDeniedException("Your admin token was revoked; sign in again.", sessionEnded: true);
        if (user.Role < minimum)
        {
            throw new ConsoleAccessDeniedException(
                $"This action needs the {minimum.ToString().ToLowerInvariant()} role; you are signed in as {user.RoleName}.", sessionEnded: false);
        }

        return user;
    }
}
