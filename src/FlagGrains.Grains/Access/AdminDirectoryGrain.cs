using FlagGrains.Contracts;
using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Audit;
using FlagGrains.Domain.Access;
using FlagGrains.Grains.Audit;
using Microsoft.Extensions.Logging;

namespace FlagGrains.Grains.Access;

/// <summary>
/// Holds every admin token's hash and role; one per cluster. Every change is stored together with its audit entry
/// (an outbox, as environments do) and only then forwarded to the admin audit log, so a token never changes without
/// its audit line and a refused or failed change leaves no line. Never lets the last active admin-role token go.
/// </summary>
public sealed partial class AdminDirectoryGrain(
    [PersistentState("admin-directory", ProviderNames.GrainStorage)] IPersistentState<AdminDirectoryState> state,
    TimeProvider clock,
    ILogger<AdminDirectoryGrain> logger) : Grain, IAdminDirectoryGrain
{
    private static readonly TimeSpan ForwardRetry = TimeSpan.FromSeconds(5);
    private IGrainTimer? _forwardRetry;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => ForwardAuditAsync();

    public async Task<bool> BootstrapAsync(string tokenSha256Hex, string name)
    {
        if (state.State.TokensBySha256.Count > 0) return false;

        var token = new StoredAdminToken { TokenId = "bootstrap", Name = name, Role = AdminRole.Admin, CreatedAt = clock.GetUtcNow() };
        await CommitAsync(next => next.TokensBySha256[tokenSha256Hex] = token, ChangeContext.System("bootstrap"), "token.create", token.TokenId, null, Json(AdminRole.Admin));
        return true;
    }

    public Task<AdminTokenInfo?> FindByHashAsync(string tokenSha256Hex) => Task.FromResult(
        state.State.TokensBySha256.TryGetValue(tokenSha256Hex, out var token) && token.RevokedAt is null ? Info(token) : null);

    public async Task<CreatedAdminToken> CreateAsync(string name, AdminRole role, ChangeContext change)
    {
        var (tokenId, secret) = ApiKeyFormat.CreateAdmin();
        var token = new StoredAdminToken { TokenId = tokenId, Name = name, Role = role, CreatedAt = clock.GetUtcNow() };
        await CommitAsync(next => next.TokensBySha256[ApiKeyFormat.Sha256Hex(secret)] = token, change, "token.create", tokenId, null, Json(role));
        return new CreatedAdminToken(Info(token), secret);
    }

    public Task<IReadOnlyList<AdminTokenInfo>> ListAsync() => Task.FromResult<IReadOnlyList<AdminTokenInfo>>(
        state.State.TokensBySha256.Values.OrderBy(t => t.CreatedAt).Select(Info).ToList());

    public async Task<AdminTokenChange> RevokeAsync(string tokenId, ChangeContext change)
    {
        if (Active(tokenId) is not { } current) return AdminTokenChange.NotFound;
        if (IsLastAdmin(current)) return AdminTokenChange.LastAdmin;

        var at = clock.GetUtcNow();
        await CommitAsync(next => next.TokensBySha256[current.Hash].RevokedAt = at, change, "token.revoke", tokenId, Json(current.Token.Role), null);
        return AdminTokenChange.Done;
    }

    public async Task<AdminTokenChange> ChangeRoleAsync(string tokenId, AdminRole role, ChangeContext change)
    {
        if (Active(tokenId) is not { } current) return AdminTokenChange.NotFound;
        if (current.Token.Role == role) return AdminTokenChange.Done;
        if (role < AdminRole.Admin && IsLastAdmin(current)) return AdminTokenChange.LastAdmin;

        await CommitAsync(next => next.TokensBySha256[current.Hash].Role = role, change, "token.role", tokenId, Json(current.Token.Role), Json(role));
        return AdminTokenChange.Done;
    }

    public async Task RecoverAsync(string recoveryId, string tokenSha256Hex, ChangeContext change)
    {
        var tokenId = "recovery-" + recoveryId;
        if (state.State.TokensBySha256.Values.Any(t => t.TokenId == tokenId)) return;

        var token = new StoredAdminToken { TokenId = tokenId, Name = "break-glass recovery", Role = AdminRole.Admin, CreatedAt = clock.GetUtcNow() };
        await CommitAsync(next => next.TokensBySha256[tokenSha256Hex] = token, change, "token.recover", tokenId, null, Json(AdminRole.Admin));
    }

    /// <summary>Applies a change to a copy, stores it with its audit entry in one write, and only then adopts it.</summary>
    private async Task CommitAsync(Action<AdminDirectoryState> change, ChangeContext actor, string action, string tokenId, string? before, string? after)
    {
        var next = state.State.Clone();
        change(next);
        var at = clock.GetUtcNow();
        next.PendingAudit.Add(StoredAudit.Normalize(new AuditEntry(
            $"{GrainKeys.AdminAuditScope}:{Guid.NewGuid():N}", GrainKeys.AdminAuditScope, action, at, actor, null,
            new List<AuditChange> { new($"tokens/{tokenId}", before, after) })));

        await state.ReplaceAsync(next);
        await ForwardAuditAsync();
    }

    private async Task ForwardAuditAsync()
    {
        if (await AuditOutbox.ForwardAsync(GrainFactory, GrainKeys.AdminAuditScope, state.State.PendingAudit, ex => LogAuditDeferred(logger, ex, state.State.PendingAudit.Count)))
        {
            _forwardRetry?.Dispose();
            _forwardRetry = null;
        }
        else
        {
            _forwardRetry ??= this.RegisterGrainTimer(_ => ForwardAuditAsync(), ForwardRetry, ForwardRetry);
        }
    }

    private (string Hash, StoredAdminToken Token)? Active(string tokenId)
    {
        foreach (var (hash, token) in state.State.TokensBySha256)
        {
            if (token.TokenId == tokenId && token.RevokedAt is null) return (hash, token);
        }

        return null;
    }

    private bool IsLastAdmin((string Hash, StoredAdminToken Token) candidate) =>
        candidate.Token.Role == AdminRole.Admin &&
        !state.State.TokensBySha256.Any(t => t.Key != candidate.Hash && t.Value.RevokedAt is null && t.Value.Role == AdminRole.Admin);

    /// <summary>Audit values are JSON, like flag definitions, so readers parse every change the same way.</summary>
    private static string Json(AdminRole role) => $"\"{role.ToString().ToLowerInvariant()}\"";

    private static AdminTokenInfo Info(StoredAdminToken token) => new(token.TokenId, token.Name, token.Role, token.CreatedAt, token.RevokedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} admin audit entries stay in the directory's outbox until the audit log is reachable")]
    private static partial void LogAuditDeferred(ILogger logger, Exception ex, int count);
}
