using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Audit;
using FlagGrains.Domain.Access;

namespace FlagGrains.Grains.Access;

/// <summary>Holds every admin token's hash and role; one per cluster. Changes are audited in the admin scope.</summary>
public sealed class AdminDirectoryGrain(
    [PersistentState("admin-directory", ProviderNames.GrainStorage)] IPersistentState<AdminDirectoryState> state,
    TimeProvider clock) : Grain, IAdminDirectoryGrain
{
    public async Task<bool> BootstrapAsync(string tokenSha256Hex, string name)
    {
        if (state.State.TokensBySha256.Count > 0) return false;

        var token = new StoredAdminToken { TokenId = "bootstrap", Name = name, Role = AdminRole.Admin, CreatedAt = clock.GetUtcNow() };
        await SaveAsync(tokenSha256Hex, token);
        await AuditAsync(ChangeContext.System("bootstrap"), "token.create", token.TokenId, null, Json(AdminRole.Admin));
        return true;
    }

    public Task<AdminTokenInfo?> FindByHashAsync(string tokenSha256Hex) => Task.FromResult(
        state.State.TokensBySha256.TryGetValue(tokenSha256Hex, out var token) && token.RevokedAt is null ? Info(token) : null);

    public async Task<CreatedAdminToken> CreateAsync(string name, AdminRole role, ChangeContext change)
    {
        var (tokenId, secret) = ApiKeyFormat.CreateAdmin();
        var token = new StoredAdminToken { TokenId = tokenId, Name = name, Role = role, CreatedAt = clock.GetUtcNow() };
        await SaveAsync(ApiKeyFormat.Sha256Hex(secret), token);
        await AuditAsync(change, "token.create", tokenId, null, Json(role));
        return new CreatedAdminToken(Info(token), secret);
    }

    public Task<IReadOnlyList<AdminTokenInfo>> ListAsync() => Task.FromResult<IReadOnlyList<AdminTokenInfo>>(
        state.State.TokensBySha256.Values.OrderBy(t => t.CreatedAt).Select(Info).ToList());

    public async Task<bool> RevokeAsync(string tokenId, ChangeContext change)
    {
        var (hash, token) = state.State.TokensBySha256.FirstOrDefault(t => t.Value.TokenId == tokenId && t.Value.RevokedAt is null);
        if (token is null) return false;

        token.RevokedAt = clock.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            token.RevokedAt = null;
            throw;
        }

        await AuditAsync(change, "token.revoke", tokenId, Json(token.Role), null);
        return true;
    }

    private async Task SaveAsync(string hash, StoredAdminToken token)
    {
        state.State.TokensBySha256[hash] = token;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.TokensBySha256.Remove(hash);
            throw;
        }
    }

    private Task AuditAsync(ChangeContext change, string action, string tokenId, string? before, string? after) =>
        GrainFactory.GetGrain<IAuditLogGrain>(GrainKeys.AdminAuditScope).AppendAsync(new List<AuditEntry>
        {
            new($"{GrainKeys.AdminAuditScope}:{Guid.NewGuid():N}", GrainKeys.AdminAuditScope, action, clock.GetUtcNow(), change, null, new List<AuditChange> { new($"tokens/{tokenId}", before, after) }),
        });

    /// <summary>Audit values are JSON, like flag definitions, so readers parse every change the same way.</summary>
    private static string Json(AdminRole role) => $"\"{role.ToString().ToLowerInvariant()}\"";

    private static AdminTokenInfo Info(StoredAdminToken token) => new(token.TokenId, token.Name, token.Role, token.CreatedAt, token.RevokedAt);
}
