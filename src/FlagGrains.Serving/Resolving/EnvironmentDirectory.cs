using System.Collections.Concurrent;
using System.Collections.Frozen;
using FlagGrains.Contracts;
using FlagGrains.Contracts.Catalog;
using Microsoft.Extensions.Options;

namespace FlagGrains.Serving.Resolving;

/// <summary>
/// Which environments exist, as far as this silo knows: a copy of the catalog, re-read when a request names an
/// environment missing from it (coalesced and at most once per <see cref="ServingOptions.RecheckInterval"/>). A name
/// still missing after a read made after the request arrived does not exist; it is remembered briefly, and nothing is
/// activated, stored or counted for it. Only the catalog grain is ever asked.
/// </summary>
public sealed class EnvironmentDirectory
{
    private readonly IGrainFactory _grains;
    private readonly ServingOptions _options;
    private readonly TimeProvider _clock;
    private readonly CoalescedCheck _refresh;
    private readonly ConcurrentDictionary<string, long> _missingUntil = new(StringComparer.Ordinal);
    private FrozenSet<string> _known = FrozenSet<string>.Empty;

    public EnvironmentDirectory(IGrainFactory grains, IOptions<ServingOptions> options, TimeProvider clock)
    {
        _grains = grains;
        _options = options.Value;
        _clock = clock;
        _refresh = new CoalescedCheck(RefreshAsync, _options.RecheckInterval, clock);
    }

    /// <summary>Catalog reads made so far (for tests and diagnostics).</summary>
    public int Refreshes => Volatile.Read(ref _refreshes);

    private int _refreshes;

    /// <summary>Environments the last catalog read listed.</summary>
    public IReadOnlyCollection<string> Known => Volatile.Read(ref _known);

    /// <summary>False when the environment does not exist; may wait for one catalog read.</summary>
    public async ValueTask<bool> ExistsAsync(string environmentKey)
    {
        if (Volatile.Read(ref _known).Contains(environmentKey)) return true;
        if (_missingUntil.TryGetValue(environmentKey, out var until) && _clock.GetTimestamp() < until) return false;

        await TransientRetry.RunAsync(_refresh.RunAsync, _options.VersionWaitLimit, _clock);
        if (Volatile.Read(ref _known).Contains(environmentKey)) return true;

        RememberMissing(environmentKey);
        return false;
    }

    /// <summary>Reads the catalog now (or joins a read that starts after this call): the silo's start, tests.</summary>
    public Task RefreshAsync() => _refresh.RunAsync();

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var projects = await _grains.GetGrain<ICatalogGrain>(GrainKeys.Catalog).ListAsync();
        Interlocked.Increment(ref _refreshes);
        Volatile.Write(ref _known, projects
            .SelectMany(project => project.Environments.Select(environment => GrainKeys.Environment(project.Name, environment)))
            .ToFrozenSet(StringComparer.Ordinal));
    }

    private void RememberMissing(string environmentKey)
    {
        // Bounded wholesale: a flood of made-up names only costs each of them a wait for the next catalog read.
        if (_missingUntil.Count >= _options.MaxMissingEnvironments) _missingUntil.Clear();
        var lifetime = (long)(_options.MissingEnvironmentLifetime.TotalSeconds * _clock.TimestampFrequency);
        _missingUntil[environmentKey] = _clock.GetTimestamp() + lifetime;
    }
}
