using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Domain.Access;

namespace FlagGrains.AdminConsole.Access;

/// <summary>
/// Checks admin tokens against the directory grain, the same way the bearer API does (SHA-256 of the token), and
/// whether a signed-in token is still active, so revoking a token ends its console sessions too.
/// </summary>
public sealed class AdminTokens(IGrainFactory grains)
{
    private const int MaxTokenLength = 512;

    private IAdminDirectoryGrain Directory => grains.GetGrain<IAdminDirectoryGrain>(GrainKeys.AdminDirectory);

    /// <summary>The active token typed at sign-in, or null.</summary>
    public async Task<ConsoleUser?> SignInAsync(string? token)
    {
        token = token?.Trim();
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength) return null;
        var found = await Directory.FindByHashAsync(ApiKeyFormat.Sha256Hex(token));
        return found is null ? null : new ConsoleUser(found.TokenId, found.Name, found.Role);
    }

    /// <summary>The signed-in user as the directory knows it now: null when the token was revoked since.</summary>
    public async Task<ConsoleUser?> RefreshAsync(ConsoleUser user)
    {
        var tokens = await Directory.ListAsync();
        var token = tokens.FirstOrDefault(t => t.TokenId == user.TokenId);
        return token is null || token.RevokedAt is not null ? null : user with { Name = token.Name, Role = token.Role };
    }
}
