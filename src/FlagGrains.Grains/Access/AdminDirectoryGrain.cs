using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;

namespace FlagGrains.Grains.Access;

/// <summary>Holds every admin token's hash and role; one per cluster.</summary>
public sealed class AdminDirectoryGrain(
    [PersistentState("admin-directory", ProviderNames.GrainStorage)] IPersistentState<AdminDirectoryState> state,
    TimeProvider clock) : Grain, IAdminDirectoryGrain
{
    public async Task<bool> BootstrapAsync(string tokenSha256Hex, string name)
    {
        if (state.State.TokensBySha256.Count > 0) return false;

        state.State.TokensBySha256[tokenSha256Hex] = new StoredAdminToken
        {
            TokenId = "bootstrap",
            Name = name,
            Role = AdminRole.Admin,
            CreatedAt = clock.GetUtcNow(),
        };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.TokensBySha256.Clear();
            throw;
        }

        return true;
    }

    public Task<AdminTokenInfo?> FindByHashAsync(string tokenSha256Hex) => Task.FromResult(
        state.State.TokensBySha256.TryGetValue(tokenSha256Hex, out var token) && token.RevokedAt is null
            ? new AdminTokenInfo(token.TokenId, token.Name, token.Role, token.CreatedAt)
            : null);
}
