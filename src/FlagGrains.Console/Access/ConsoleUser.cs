using System.Globalization;
using System.Security.Claims;
using FlagGrains.Contracts.Access;

namespace FlagGrains.AdminConsole.Access;

/// <summary>Who is signed in to the console: the admin token's id (never its secret), its name and its role.</summary>
public sealed record ConsoleUser(string TokenId, string Name, AdminRole Role, DateTimeOffset? SessionEnds = null)
{
    public const string TokenIdClaim = "flaggrains:token-id";
    public const string RoleClaim = "flaggrains:role";

    // The cookie's own expiry is not visible inside a circuit, which can outlive it; this claim is.
    public const string SessionEndsClaim = "flaggrains:session-ends";

    public bool CanEdit => Role >= AdminRole.Editor;

    public bool IsAdmin => Role >= AdminRole.Admin;

    public string RoleName => Role.ToString().ToLowerInvariant();

    public ClaimsPrincipal ToPrincipal()
    {
        var claims = new List<Claim>
        {
            new(TokenIdClaim, TokenId),
            new(ClaimTypes.Name, Name),
            new(RoleClaim, ((int)Role).ToString(CultureInfo.InvariantCulture)),
        };
        if (SessionEnds is { } ends) claims.Add(new Claim(SessionEndsClaim, ends.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleAuthentication.Scheme));
    }

    public static ConsoleUser? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true }) return null;
        var id = principal.FindFirstValue(TokenIdClaim);
        var name = principal.FindFirstValue(ClaimTypes.Name);
        var role = principal.FindFirstValue(RoleClaim);
        if (id is null || name is null || !int.TryParse(role, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || !Enum.IsDefined((AdminRole)value))
            return null;
        DateTimeOffset? ends = long.TryParse(principal.FindFirstValue(SessionEndsClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        return new ConsoleUser(id, name, (AdminRole)value, ends);
    }
}
