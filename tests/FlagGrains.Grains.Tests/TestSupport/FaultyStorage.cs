using System.Collections.Concurrent;
using Orleans.Storage;

namespace FlagGrains.Grains.Tests.TestSupport;

/// <summary>
/// Real (memory) grain storage that fails chosen writes, the way a database outage fails them: the write does not
/// happen and the caller gets an exception. Faults name a state and a grain key, so tests sharing a silo never hit
/// each other's faults.
/// </summary>
public sealed class FaultyStorage(IGrainStorage inner) : IGrainStorage
{
    private static readonly ConcurrentDictionary<Guid, Fault> Faults = new();

    /// <summary>
    /// Fails writes of <paramref name="stateName"/> (any state when null) for grains whose key contains
    /// <paramref name="keyPart"/>, after <paramref name="skip"/> successful ones.
    /// </summary>
    public static IDisposable FailWrites(string? stateName, string keyPart, int skip = 0, int times = int.MaxValue)
    {
        var id = Guid.NewGuid();
        Faults[id] = new Fault(stateName, keyPart, skip, times);
        return new Removal(id);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        foreach (var fault in Faults.Values)
        {
            if (fault.Hits(stateName, grainId)) throw new IOException($"Injected storage failure writing {stateName} of {grainId}.");
        }

        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    private sealed class Fault(string? stateName, string keyPart, int skip, int times)
    {
        private int _seen;

        public bool Hits(string state, GrainId grainId)
        {
            if ((stateName is not null && state != stateName) || !grainId.ToString().Contains(keyPart, StringComparison.Ordinal)) return false;
            var seen = Interlocked.Increment(ref _seen);
            return seen > skip && seen <= skip + (long)times;
        }
    }

    private sealed class Removal(Guid id) : IDisposable
    {
        public void Dispose() => Faults.TryRemove(id, out _);
    }
}
