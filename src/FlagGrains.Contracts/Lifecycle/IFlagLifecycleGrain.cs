using FlagGrains.Contracts.Audit;
using Orleans.Concurrency;

namespace FlagGrains.Contracts.Lifecycle;

/// <summary>
/// Ownership and lifecycle of one environment's flags (keyed like the environment grain). Separate from the
/// environment on purpose: editing an owner is audited but does not bump the flag set's version, so devices neither
/// refetch nor ever see it.
/// </summary>
[Alias("FlagGrains.IFlagLifecycleGrain")]
public interface IFlagLifecycleGrain : IGrainWithStringKey
{
    /// <summary>Replaces one flag's lifecycle (audited in the environment's history).</summary>
    [Alias("Set")]
    Task<StoredFlagLifecycle> SetAsync(string flagKey, FlagLifecycle lifecycle, ChangeContext change);

    /// <summary>One flag's lifecycle, or null when none was recorded.</summary>
    [Alias("Get"), ReadOnly]
    Task<StoredFlagLifecycle?> GetAsync(string flagKey);

    /// <summary>Every recorded lifecycle, including flags since removed from the document (callers join on the document).</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<StoredFlagLifecycle>> ListAsync();
}
