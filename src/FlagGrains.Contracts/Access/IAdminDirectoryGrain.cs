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
}

/// <summary>An admin token as stored: never the secret.</summary>
[GenerateSerializer, Immutable, Alias("FlagGrains.AdminTokenInfo")]
public sealed record AdminTokenInfo(
    [property: Id(0)] string TokenId,
    [property: Id(1)] string Name,
    [property: Id(2)] AdminRole Role,
    [property: Id(3)] DateTimeOffset CreatedAt);

[GenerateSerializer, Alias("FlagGrains.AdminRole")]
public enum AdminRole
{
    Viewer = 0,
    Editor = 1,
    Admin = 2,
}
