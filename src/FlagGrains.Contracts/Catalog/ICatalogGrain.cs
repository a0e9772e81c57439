using Orleans.Concurrency;

namespace FlagGrains.Contracts.Catalog;

/// <summary>The cluster-wide list of projects and their environments, for navigation and admin listings.</summary>
[Alias("FlagGrains.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Records that an environment exists (idempotent).</summary>
    [Alias("Add")]
    Task AddAsync(string project, string environment);

    /// <summary>Forgets a deleted environment (idempotent).</summary>
    [Alias("Remove")]
    Task RemoveAsync(string project, string environment);

    /// <summary>Every project with its environments, sorted.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<ProjectInfo>> ListAsync();
}

[GenerateSerializer, Immutable, Alias("FlagGrains.ProjectInfo")]
public sealed record ProjectInfo([property: Id(0)] string Name, [property: Id(1)] IReadOnlyList<string> Environments);
