using Orleans.Concurrency;

using FlagGrains.Contracts.Access;

namespace FlagGrains.Contracts.Environments;

/// <summary>
/// One environment's flag set (<c>{project}/{environment}</c>): the single writer of its rules, keys and version.
/// </summary>
[Alias("FlagGrains.IEnvironmentGrain")]
public interface IEnvironmentGrain : IGrainWithStringKey
{
    /// <summary>Validates and stores a whole flagd document; bumps the version and announces it on success.</summary>
    [Alias("PutFlagSet")]
    Task<FlagSetWriteResult> PutFlagSetAsync(string documentJson, long? expectedVersion);

    /// <summary>The stored document and its version, or null when nothing was ever written.</summary>
    [Alias("GetFlagSet"), ReadOnly]
    Task<FlagSetView?> GetFlagSetAsync();

    /// <summary>Everything a gateway needs to serve this environment, at the current version.</summary>
    [Alias("GetSnapshot"), ReadOnly]
    Task<EnvironmentSnapshot> GetSnapshotAsync();

    /// <summary>The current version; gateways poll it to repair lost bumps.</summary>
    [Alias("GetVersion"), ReadOnly]
    Task<long> GetVersionAsync();

    /// <summary>Creates an API key for this environment; the secret is returned once and stored only hashed.</summary>
    [Alias("CreateKey")]
    Task<CreatedApiKey> CreateKeyAsync(ApiKeyKind kind);
}
