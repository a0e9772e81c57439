using System.Globalization;
using System.Security.Claims;
using FlagGrains.Contracts.Access;

namespace FlagGrains.AdminConsole.Access;

/// <summary>Who is signed in to the console: the admin token's id (never its secret), its name and its role.</summary>
public sealed record ConsoleUser(string TokenId, string Name, AdminRole Role)
{
    public const string TokenIdClaim = "flaggrains:token-id";
    public const string RoleClaim = "flaggrains:role";

    public bool CanEdit => Role >= AdminRole.Editor;

    public bool IsAdmin => Role >= AdminRole.Admin;

    public string RoleName => Role.ToString().ToLowerInvariant();

    public ClaimsPrincipal ToPrincipal() => new(new ClaimsIdentity(
        [
            new Claim(TokenIdClaim, TokenId),
            new Claim(ClaimTypes.Name, Name),
            new Claim(RoleClaim, ((int)Role).ToString(CultureInfo.InvariantCulture)),
        ],
        ConsoleAuthentication.Scheme));

    public static ConsoleUser? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true }) return null;
        var id = principal.FindFirstValue(TokenIdClaim);
        var name = principal.FindFirstValue(ClaimTypes.Name);
        var role = principal.FindFirstValue(RoleClaim);
        if (id is null || name is null || !int.TryParse(role, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || !Enum.IsDefined((AdminRole)value))
            return null;
        return new ConsoleUser(id, name, (AdminRole)value);
    }
}
