using FlagGrains.Contracts;
using FlagGrains.Contracts.Catalog;

namespace FlagGrains.Grains.Catalog;

/// <summary>Lists what exists, so admins can navigate without knowing names in advance.</summary>
public sealed class CatalogGrain(
    [PersistentState("catalog", ProviderNames.GrainStorage)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    public async Task AddAsync(string project, string environment)
    {
        if (!state.State.Projects.TryGetValue(project, out var environments))
            state.State.Projects[project] = environments = new SortedSet<string>(StringComparer.Ordinal);
        if (environments.Add(environment)) await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string project, string environment)
    {
        if (!state.State.Projects.TryGetValue(project, out var environments) || !environments.Remove(environment)) return;
        if (environments.Count == 0) state.State.Projects.Remove(project);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<ProjectInfo>> ListAsync() => Task.FromResult<IReadOnlyList<ProjectInfo>>(
        state.State.Projects.Select(p => new ProjectInfo(p.Key, [.. p.Value])).ToList());
}
