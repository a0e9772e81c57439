using FlagGrains.Contracts.Audit;
using Orleans.Concurrency;

namespace FlagGrains.Contracts.Access;

/// <summary>The cluster-wide registry of admin tokens (hashed) and their roles.</summary>
[Alias("FlagGrains.IAdminDirectoryGrain")]
public interface IAdminDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Seeds the first admin token on an empty directory. Returns true when the given hash was stored,
    /// false when the directory already had tokens (so a restart never re-seeds).
    /// </summary>
    [Alias("Bootstrap")]
    Task<bool> BootstrapAsync(string tokenSha256Hex, string name);

    /// <summary>The active token with this hash, or null.</summary>
    [Alias("FindByHash"), ReadOnly]
    Task<AdminTokenInfo?> FindByHashAsync(string tokenSha256Hex);

    /// <summary>Creates a token with a role; the secret is in the result only.</summary>
    [Alias("Create")]
    Task<CreatedAdminToken> CreateAsync(string name, AdminRole role, ChangeContext change);

    /// <summary>Every token, active and revoked, without secrets.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<AdminTokenInfo>> ListAsync();

    /// <summary>
    /// Revokes a token; silos stop accepting it within their authentication cache lifetime. Refused when it is the
    /// last active admin-role token, which would lock every admin out.
    /// </summary>
    [Alias("RevokeToken")]
    Task<AdminTokenChange> RevokeAsync(string tokenId, ChangeContext change);

    /// <summary>Gives an active token another role; demoting the last active admin-role token is refused.</summary>
    [Alias("ChangeRole")]
    Task<AdminTokenChange> ChangeRoleAsync(string tokenId, AdminRole role, ChangeContext change);

    /// <summary>
    /// Break-glass recovery (<c>FlagGrains.Silo admin reset-token</c>): adds an admin-role token whose hash an operator
    /// with database access requested. Idempotent by <paramref name="recoveryId"/>: a request is applied once.
    /// </summary>
    [Alias("Recover")]
    Task RecoverAsync(string recoveryId, string tokenSha256Hex, ChangeContext change);
}

/// <summary>The outcome of a change to an existing admin token.</summary>
[GenerateSerializer, Alias("FlagGrains.AdminTokenChange")]
public enum AdminTokenChange
{
    Done = 0,
    NotFound = 1,

    /// <summary>Refused: no active admin-role token would remain.</summary>
    LastAdmin = 2,
}

/// <summary>An admin token as stored: never the secret.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.AdminTokenInfo")]
public sealed record AdminTokenInfo(
    [property: Id(0)] string TokenId,
    [property: Id(1)] string Name,
    [property: Id(2)] AdminRole Role,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? RevokedAt = null);

/// <summary>A new admin token; <see cref="Token"/> is shown once.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.CreatedAdminToken")]
public sealed record CreatedAdminToken([property: Id(0)] AdminTokenInfo Info, [property: Id(1)] string Token);

[GenerateSerializer, Alias("FlagGrains.AdminRole")]
public enum AdminRole
{
    Viewer = 0,
    Editor = 1,
    Admin = 2,
}
