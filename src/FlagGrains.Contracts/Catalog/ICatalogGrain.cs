using Orleans.Concurrency;

namespace FlagGrains.Contracts.Catalog;

/// <summary>
/// The cluster-wide list of projects and their environments, for navigation and admin listings. Only an environment
/// changes its own entry (add before its creating write, confirm after it, remove after its deletion), so the entry
/// of one environment is changed by one writer at a time.
/// </summary>
[Alias("FlagGrains.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Lists an environment that is about to be created (idempotent); it stays unconfirmed until <see cref="ConfirmAsync"/>.</summary>
    [Alias("Add")]
    Task AddAsync(string project, string environment);

    /// <summary>Lists an environment whose creation is stored (idempotent).</summary>
    [Alias("Confirm")]
    Task ConfirmAsync(string project, string environment);

    /// <summary>Forgets a deleted, or never created, environment (idempotent).</summary>
    [Alias("Remove")]
    Task RemoveAsync(string project, string environment);

    /// <summary>
    /// Every project with its environments, sorted, including unconfirmed ones (which are asked to settle their entry).
    /// </summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<ProjectInfo>> ListAsync();
}

[GenerateSerializer, Immutable, Alias("FlagGrains.ProjectInfo")]
public sealed record ProjectInfo([property: Id(0)] string Name, [property: Id(1)] IReadOnlyList<string> Environments);
