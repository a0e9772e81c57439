using FlagGrains.Contracts;
using FlagGrains.Contracts.Catalog;
using FlagGrains.Contracts.Environments;

namespace FlagGrains.Grains.Catalog;

/// <summary>
/// Lists what exists, so admins can navigate without knowing names in advance. An environment is listed before its
/// creating write and confirmed after it, so no environment is ever missing from the list; an entry whose creation
/// failed is removed when the environment itself, asked by the listing, says it does not exist.
/// </summary>
public sealed class CatalogGrain(
    [PersistentState("catalog", ProviderNames.GrainStorage)] IPersistentState<CatalogState> state,
    TimeProvider clock) : Grain, ICatalogGrain
{
    private static readonly TimeSpan AskAgainAfter = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, DateTimeOffset> _asked = new(StringComparer.Ordinal);

    public Task AddAsync(string project, string environment) => ChangeAsync(next =>
    {
        var key = GrainKeys.Environment(project, environment);
        var listed = Environments(next, project).Add(environment);
        return next.Unconfirmed.Add(key) | listed;
    });

    public Task ConfirmAsync(string project, string environment) => ChangeAsync(next =>
    {
        var listed = Environments(next, project).Add(environment);
        return next.Unconfirmed.Remove(GrainKeys.Environment(project, environment)) | listed;
    });

    public Task RemoveAsync(string project, string environment) => ChangeAsync(next =>
    {
        var unconfirmed = next.Unconfirmed.Remove(GrainKeys.Environment(project, environment));
        if (!next.Projects.TryGetValue(project, out var environments) || !environments.Remove(environment)) return unconfirmed;
        if (environments.Count == 0) next.Projects.Remove(project);
        return true;
    });

    public Task<IReadOnlyList<ProjectInfo>> ListAsync()
    {
        AskUnconfirmed();
        return Task.FromResult<IReadOnlyList<ProjectInfo>>(state.State.Projects.Select(p => new ProjectInfo(p.Key, [.. p.Value])).ToList());
    }

    /// <summary>Memory changes only once storage took the change, so a failed write leaves the catalog as it was.</summary>
    private async Task ChangeAsync(Func<CatalogState, bool> change)
    {
        var next = state.State.Clone();
        if (change(next)) await state.ReplaceAsync(next);
    }

    /// <summary>
    /// One-way requests, so the catalog never waits on an environment that may itself be waiting on the catalog; each
    /// environment answers with Confirm or Remove.
    /// </summary>
    private void AskUnconfirmed()
    {
        if (state.State.Unconfirmed.Count == 0) return;
        var now = clock.GetUtcNow();
        foreach (var key in state.State.Unconfirmed)
        {
            if (_asked.TryGetValue(key, out var at) && now - at < AskAgainAfter) continue;
            _asked[key] = now;
            GrainFactory.GetGrain<IEnvironmentGrain>(key).ReconcileCatalogAsync().Ignore();
        }
    }

    private static SortedSet<string> Environments(CatalogState next, string project)
    {
        if (!next.Projects.TryGetValue(project, out var environments))
            next.Projects[project] = environments = new SortedSet<string>(StringComparer.Ordinal);
        return environments;
    }
}
