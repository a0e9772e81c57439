using FlagGrains.Contracts.Access;
using FlagGrains.Contracts.Audit;
using Orleans.Concurrency;

namespace FlagGrains.Contracts.Environments;

/// <summary>
/// One environment's flag set (<c>{project}/{environment}</c>): the single writer of its rules, keys and version.
/// Every change is persisted before it is acknowledged, bumps the version and is audited.
/// </summary>
[Alias("FlagGrains.IEnvironmentGrain")]
public interface IEnvironmentGrain : IGrainWithStringKey
{
    /// <summary>Validates and stores a whole flagd document; creates the environment when new.</summary>
    [Alias("PutFlagSet")]
    Task<FlagSetWriteResult> PutFlagSetAsync(string documentJson, long? expectedVersion, ChangeContext change);

    /// <summary>Creates or replaces one flag; <paramref name="expectedEtag"/> is the flag's ETag (null: unconditional).</summary>
    [Alias("PutFlag")]
    Task<FlagSetWriteResult> PutFlagAsync(string flagKey, string flagJson, string? expectedEtag, ChangeContext change);

    /// <summary>Removes one flag.</summary>
    [Alias("DeleteFlag")]
    Task<FlagSetWriteResult> DeleteFlagAsync(string flagKey, string? expectedEtag, ChangeContext change);

    /// <summary>
    /// Sets or removes several flags in one audited write (all or nothing), at most once per operation id: a repeated
    /// id answers the version its first application wrote. NotFound when the environment does not exist.
    /// </summary>
    [Alias("ApplyFlagEdits")]
    Task<FlagSetWriteResult> ApplyFlagEditsAsync(FlagEdits edits, ChangeContext change);

    /// <summary>The stored document and its version, or null when the environment does not exist.</summary>
    [Alias("GetFlagSet"), ReadOnly]
    Task<FlagSetView?> GetFlagSetAsync();

    /// <summary>One flag's definition and ETag, or null.</summary>
    [Alias("GetFlag"), ReadOnly]
    Task<FlagView?> GetFlagAsync(string flagKey);

    /// <summary>Everything a gateway needs to serve this environment, at the current version.</summary>
    [Alias("GetSnapshot"), ReadOnly]
    Task<EnvironmentSnapshot> GetSnapshotAsync();

    /// <summary>The current version; gateways poll it to repair lost bumps.</summary>
    [Alias("GetVersion"), ReadOnly]
    Task<long> GetVersionAsync();

    /// <summary>Creates an API key; the secret is returned once and stored only hashed. Null when the environment does not exist.</summary>
    [Alias("CreateKey")]
    Task<CreatedApiKey?> CreateKeyAsync(ApiKeyKind kind, ChangeContext change);

    /// <summary>Keys of this environment, active and revoked, without secrets.</summary>
    [Alias("ListKeys"), ReadOnly]
    Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync();

    /// <summary>Revokes a key; every silo stops accepting it within its gateway's version check.</summary>
    [Alias("RevokeKey")]
    Task<bool> RevokeKeyAsync(string keyId, ChangeContext change);

    /// <summary>Deletes the environment: flags removed, keys revoked, history kept in the audit log.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(ChangeContext change);

    /// <summary>
    /// Asks the environment to settle its catalog entry: confirmed when it exists, removed when it does not. One-way:
    /// the catalog asks while it lists, and must not wait on an environment that may be waiting on it.
    /// </summary>
    [Alias("ReconcileCatalog"), OneWay]
    Task ReconcileCatalogAsync();

    // Governance: the approval policy lives here so the single writer enforces it on every flag write.

    /// <summary>The change policy, or null when the environment does not exist.</summary>
    [Alias("GetPolicy"), ReadOnly]
    Task<Governance.EnvironmentPolicy?> GetPolicyAsync();

    /// <summary>Sets the change policy (audited); false when the environment does not exist.</summary>
    [Alias("SetPolicy")]
    Task<bool> SetPolicyAsync(Governance.EnvironmentPolicy policy, ChangeContext change);
}
